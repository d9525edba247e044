package io.cleanroom.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.cli.Cli;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.DatasetKeyFile;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data owner's and auditor's broker commands against an in-process stand-in broker. */
class BrokerCommandsTest {

  static final String HASH = "a".repeat(64);
  static final String FP = "b".repeat(64);

  @TempDir Path dir;
  FakeServer broker;
  Path token;

  @BeforeEach
  void start() throws IOException {
    broker = new FakeServer();
    token = dir.resolve("owner.token");
    Files.writeString(token, "t0k3n\n");
  }

  @AfterEach
  void stop() {
    broker.close();
  }

  Cli run(String command, String sub, String... args) {
    String[] all = new String[args.length + 6];
    all[0] = command;
    all[1] = sub;
    all[2] = "--broker";
    all[3] = broker.uri().toString();
    all[4] = "--token-file";
    all[5] = token.toString();
    System.arraycopy(args, 0, all, 6, args.length);
    return Cli.run(all);
  }

  @Test
  void depositsTheKeyFileWithTheBearerTokenAndPrintsOnlyTheKeyId() {
    Path keyFile = dir.resolve("visits.key");
    byte[] raw;
    String keyId;
    try (DatasetKey key = DatasetKey.generate()) {
      DatasetKeyFile.write(keyFile, key);
      raw = key.toBytes(KeyAccess.rawKeyMaterial());
      keyId = key.keyId();
    }
    broker.on(
        "PUT /v1/keys/visits",
        200,
        "{\"ownerOrg\":\"hospital\",\"datasetId\":\"visits\",\"keyId\":\""
            + keyId
            + "\",\"depositedAt\":\"2026-01-01T00:00:00Z\"}");

    Cli r = run("keys", "deposit", "--dataset", "visits", "--key", keyFile.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo("deposited visits of hospital: key id " + keyId + ", at 2026-01-01T00:00:00Z\n");
    FakeServer.Request sent = broker.requests.get(0);
    assertThat(sent.authorization()).isEqualTo("Bearer t0k3n");
    JsonNode body = CanonicalJson.parse(sent.body());
    assertThat(Base64.getUrlDecoder().decode(body.get("key").asText())).isEqualTo(raw);
    assertThat(body.get("keyId").asText()).isEqualTo(keyId);
    String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    assertThat(r.out() + r.err()).doesNotContain(b64).doesNotContain("t0k3n");
  }

  @Test
  void aRefusalBecomesOneLineWithItsCodeAndExitCodeOne() {
    broker.on("GET /v1/keys", 403, "{\"error\":\"ROLE_REQUIRED\"}");

    Cli r = run("keys", "list");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("cleanroom: the key broker refused: ROLE_REQUIRED (HTTP 403)\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aRefusalOfTheCallersOwnInputKeepsItsDetail() {
    broker.on(
        "POST /v1/contracts",
        400,
        "{\"error\":\"CONTRACT_INVALID\",\"detail\":\"the contract allows no enclave\"}");
    Path contract = dir.resolve("c.json");
    writeQuietly(contract, "{}");

    Cli r = run("contract", "register", "--contract", contract.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "cleanroom: the key broker refused: CONTRACT_INVALID (HTTP 400): the contract allows"
                + " no enclave\n");
  }

  @Test
  void registersTheContractFileAsItIs() {
    broker.on(
        "POST /v1/contracts",
        201,
        "{\"contractHash\":\"" + HASH + "\",\"collaborationId\":\"c1\"}");
    Path contract = dir.resolve("c.json");
    writeQuietly(contract, "{\"version\": 1}");

    Cli r = run("contract", "register", "--contract", contract.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("registered contract " + HASH + " (collaboration c1)\n");
    assertThat(broker.requests.get(0).body()).isEqualTo("{\"version\": 1}");
  }

  @Test
  void approvesAQueryFingerprintAndRejectsOnRequest() {
    broker.on(
        "POST /v1/approvals",
        r ->
            new FakeServer.Answer(
                201,
                "{\"id\":7,\"org\":\"bank\",\"actor\":\"bank-owner\",\"decision\":\""
                    + CanonicalJson.parse(r.body()).get("decision").asText()
                    + "\"}"));

    Cli approved =
        run("approve", "query", "--contract-hash", HASH, "--fingerprint", FP, "--comment", "ok");
    Cli rejected = run("approve", "contract", "--contract-hash", HASH, "--reject");

    assertThat(approved.exitCode()).as(approved.err()).isZero();
    assertThat(approved.out())
        .isEqualTo("bank approved query " + FP + " (decision 7 by bank-owner)\n");
    JsonNode sent = CanonicalJson.parse(broker.requests.get(0).body());
    assertThat(sent.get("kind").asText()).isEqualTo("query");
    assertThat(sent.get("contractHash").asText()).isEqualTo(HASH);
    assertThat(sent.get("queryFingerprint").asText()).isEqualTo(FP);
    assertThat(sent.get("comment").asText()).isEqualTo("ok");
    assertThat(rejected.out()).startsWith("bank rejected contract " + HASH);
    JsonNode second = CanonicalJson.parse(broker.requests.get(1).body());
    assertThat(second.get("decision").asText()).isEqualTo("rejected");
    assertThat(second.has("queryFingerprint")).isFalse();
  }

  @Test
  void aQueryApprovalNeedsItsFingerprint() {
    Cli r = run("approve", "query", "--contract-hash", HASH);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--fingerprint");
    assertThat(broker.requests).isEmpty();
  }

  @Test
  void printsTheReleaseLogOneEntryPerLine() {
    broker.on(
        "GET /v1/release-log",
        200,
        """
        [{"id":2,"loggedAt":"2026-01-01T00:00:02Z","outcome":"REFUSED","errorCode":"QUERY_NOT_APPROVED",
          "tee":"sim","simulated":true,"datasetIds":["visits"],"queryFingerprint":"%s",
          "reason":"hospital has not approved"},
         {"id":1,"loggedAt":"2026-01-01T00:00:01Z","outcome":"RELEASED","tee":"sim","simulated":true,
          "datasetIds":["visits","accounts"],"queryFingerprint":"%s"}]
        """
            .formatted(FP, FP));

    Cli r = run("broker", "release-log", "--contract-hash", HASH, "--limit", "5");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .hasSize(2)
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .contains(
                        "#2", "REFUSED", "QUERY_NOT_APPROVED", "(SIMULATED)", "datasets=visits")
                    .contains("reason: hospital has not approved"),
            l -> assertThat(l).contains("#1", "RELEASED", "datasets=visits,accounts"));
    assertThat(broker.requests.get(0).path())
        .isEqualTo("/v1/release-log?limit=5&contractHash=" + HASH);
  }

  @Test
  void printsTheBudgetsOneOwnerPerLine() {
    broker.on(
        "GET /v1/budgets",
        200,
        """
        [{"owner":"bank","epsilonPerQuery":{"accounts":"0.2"},"totalEpsilon":"0.5",
          "spentEpsilon":"0.4","remainingEpsilon":"0.1","releasesCharged":2},
         {"owner":"hospital","epsilonPerQuery":{"visits":"0.3"},"totalEpsilon":"1",
          "spentEpsilon":"0.4","remainingEpsilon":"0.6","releasesCharged":2}]
        """);

    Cli r = run("broker", "budgets", "--contract", HASH);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "bank: spent 0.4 of 0.5, 0.1 left, 2 releases charged; epsilon per query accounts=0.2",
            "hospital: spent 0.4 of 1, 0.6 left, 2 releases charged; epsilon per query"
                + " visits=0.3");
    assertThat(broker.requests.get(0).path()).isEqualTo("/v1/budgets?contractHash=" + HASH);
  }

  @Test
  void withoutATokenNothingIsSent() {
    assumeThat(System.getenv(BrokerOptions.TOKEN_ENV)).isNull();

    Cli r = Cli.run("keys", "list", "--broker", broker.uri().toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("cleanroom: a token is required: --token-file FILE or CLEANROOM_TOKEN");
    assertThat(broker.requests).isEmpty();
  }

  @Test
  void anUnreachableBrokerIsNamedInOneLine() {
    String url = broker.uri().toString();
    broker.close();

    Cli r = run("keys", "list");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("cleanroom: the key broker is not reachable at " + url + "\n");
  }

  private static void writeQuietly(Path p, String s) {
    try {
      Files.writeString(p, s);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
