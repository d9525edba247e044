package io.cleanroom.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.collect.SimulatedCollector;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.cli.Cli;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.hpke.EnclaveKeyPair;
import io.cleanroom.crypto.hpke.EnclavePublicKey;
import io.cleanroom.crypto.hpke.KeyWrap;
import io.cleanroom.crypto.hpke.ReleaseBinding;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.receipt.EnclaveIdentityBinding;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import io.cleanroom.crypto.receipt.Receipts;
import io.cleanroom.query.contract.ContractParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cleanroom up --broker}: the walk-through's broker steps against in-process stand-ins for
 * Keycloak and a key broker that keeps deposits and approvals and releases only approved queries
 * (scripts/test-up.sh runs the same against the real ones); with {@code --enclave}, a stand-in
 * enclave service that answers {@code /v1/runs} like the real one: it runs only queries both owners
 * approved and signs a receipt with the simulated TEE.
 */
class UpWithBrokerTest {

  @TempDir Path dir;
  FakeServer keycloak;
  FakeServer broker;
  final Map<String, byte[]> deposits = new ConcurrentHashMap<>();
  final Set<String> approved = ConcurrentHashMap.newKeySet();
  final ArrayNode log = CanonicalJson.mapper().createArrayNode();

  @BeforeEach
  void start() throws IOException {
    keycloak = new FakeServer();
    keycloak.on(
        "POST /realms/cleanroom/protocol/openid-connect/token",
        r -> new FakeServer.Answer(200, "{\"access_token\":\"tok-" + user(r.body()) + "\"}"));
    broker = new FakeServer();
    broker.on("PUT /v1/keys/visits", r -> deposit("visits", "hospital", r));
    broker.on("PUT /v1/keys/accounts", r -> deposit("accounts", "bank", r));
    broker.on(
        "POST /v1/contracts",
        201,
        "{\"contractHash\":\"" + "0".repeat(64) + "\",\"collaborationId\":\"hospital-bank-demo\"}");
    broker.on("POST /v1/approvals", this::decide);
    broker.on(
        "POST /v1/release/challenge",
        200,
        "{\"sessionId\":\"s\",\"nonce\":\"bm9uY2Utbm9uY2Utbm9uY2U\",\"expiresAt\":\"x\"}");
    broker.on("POST /v1/release/attest", this::attest);
    broker.on("GET /v1/release-log", r -> new FakeServer.Answer(200, log.toString()));
  }

  @AfterEach
  void stop() {
    keycloak.close();
    broker.close();
    if (enclave != null) {
      enclave.close();
    }
  }

  Cli up(String... more) {
    Cli.run("attestation", "simulator", "init", "--dir", dir.resolve("sim").toString());
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "up",
                "--dir",
                dir.toString(),
                "--rows",
                "1500",
                "--broker",
                broker.uri().toString(),
                "--keycloak",
                keycloak.uri().toString(),
                "--simulator-dir",
                dir.resolve("sim").toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  FakeServer enclave;
  final List<JsonNode> runRequests = new CopyOnWriteArrayList<>();
  final AtomicInteger runs = new AtomicInteger();

  @Test
  void withTheEnclaveTheApprovedQueryRunsItsReceiptVerifiesAndAnUnapprovedQueryIsRefused()
      throws IOException {
    enclave = new FakeServer();
    enclave.on("POST /v1/runs", this::submit);
    Cli r = up("--enclave", enclave.uri().toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    Path collab = dir.resolve("hospital-bank");
    assertThat(r.out())
        .contains("and the enclave at " + enclave.uri() + " (SIMULATED — NOT CONFIDENTIAL)")
        .contains("The enclave service at " + enclave.uri() + " — SIMULATED — NOT CONFIDENTIAL")
        .contains("cleanroom enclave run --enclave " + enclave.uri())
        .contains(": QUEUED → EXECUTING → SUCCEEDED")
        .contains("receipt saved to " + collab.resolve("receipt.json"))
        .contains("  ok      output digest")
        .contains("  ok      the enclave is one the contract allows")
        .contains("  ok      query fingerprint is the approved")
        .contains("receipt verified")
        .contains("FAILED in RELEASING_KEYS: KEY_RELEASE_REFUSED")
        .contains("the key broker refused: QUERY_NOT_APPROVED (HTTP 403)")
        .doesNotContain("run-local is NOT confidential")
        .doesNotContain("tok-");
    assertThat(r.out().lines().filter(l -> l.matches("\\s+(<25k|25k-50k)\\s+\\d+\\s+[\\d.]+")))
        .hasSize(2);
    assertThat(collab.resolve("result.json")).exists();
    assertThat(collab.resolve("refused/receipt.json")).doesNotExist();

    // what the CLI sent: the contract itself, the query, the approved fingerprint, the sealed
    // files' absolute paths and the broker
    assertThat(runRequests).hasSize(2);
    String contractHash = ContractParser.read(collab.resolve("contract.json")).id();
    for (JsonNode q : runRequests) {
      assertThat(Digests.hex(Digests.sha256(CanonicalJson.toBytes(q.get("contract")))))
          .isEqualTo(contractHash);
      assertThat(q.get("datasets")).hasSize(2);
      for (JsonNode d : q.get("datasets")) {
        Path location = Path.of(d.get("location").asText());
        assertThat(location).isAbsolute().exists();
        assertThat(location.getFileName().toString()).isEqualTo(d.get("id").asText() + ".sealed");
        assertThat(d.get("keyBroker").asText()).isEqualTo(broker.uri().toString());
      }
    }
    assertThat(runRequests.get(0).at("/query/sql").asText()).contains("group by a.income_band");
    assertThat(runRequests.get(1).at("/query/sql").asText()).contains("group by diagnosis");
  }

  @Test
  void theEnclaveNeedsTheBroker() {
    Cli r = Cli.run("up", "--dir", dir.toString(), "--enclave", "http://127.0.0.1:1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("--enclave needs --broker");
  }

  /** POST /v1/runs: answers the run QUEUED, then EXECUTING, then its end, like the enclave. */
  private FakeServer.Answer submit(FakeServer.Request r) {
    JsonNode q = CanonicalJson.parse(r.body());
    runRequests.add(q);
    String id = "run-" + runs.incrementAndGet();
    String fp = q.at("/query/fingerprint").asText();
    boolean ok = approved.contains("hospital:" + fp) && approved.contains("bank:" + fp);
    AtomicInteger polls = new AtomicInteger();
    String end;
    if (ok) {
      ObjectNode result = CanonicalJson.mapper().createObjectNode();
      ArrayNode cols = result.putArray("columns");
      cols.addObject().put("name", "income_band").put("type", "utf8");
      cols.addObject().put("name", "visits").put("type", "int64");
      cols.addObject().put("name", "avg_cost").put("type", "double");
      ArrayNode rows = result.putArray("rows");
      rows.addArray().add("25k-50k").add(120).add(1010.25);
      rows.addArray().add("<25k").add(97).add(998.5);
      byte[] receipt = receipt(q, id, result);
      ObjectNode run = view(id, "SUCCEEDED", "DONE");
      run.set("result", result);
      run.set("receipt", CanonicalJson.parse(receipt));
      end = run.toString();
      enclave.on(
          "GET /v1/runs/" + id + "/receipt",
          x ->
              new FakeServer.Answer(
                  200, new String(receipt, java.nio.charset.StandardCharsets.UTF_8)));
    } else {
      ObjectNode run = view(id, "FAILED", "RELEASING_KEYS");
      run.putObject("error")
          .put("code", "KEY_RELEASE_REFUSED")
          .put(
              "message",
              "the keys of [visits, accounts] from "
                  + broker.uri()
                  + ": the key broker refused: QUERY_NOT_APPROVED (HTTP 403)");
      end = run.toString();
    }
    String running = view(id, "RUNNING", "EXECUTING").toString();
    enclave.on(
        "GET /v1/runs/" + id,
        x -> new FakeServer.Answer(200, polls.getAndIncrement() == 0 ? running : end));
    return new FakeServer.Answer(202, view(id, "QUEUED", "LOCATING_INPUTS").toString());
  }

  private static ObjectNode view(String id, String status, String phase) {
    ObjectNode v = CanonicalJson.mapper().createObjectNode();
    v.put("id", id).put("status", status).put("phase", phase).put("simulated", true);
    v.put("notice", "SIMULATED — NOT CONFIDENTIAL: a stand-in enclave");
    return v;
  }

  /** A receipt made as the enclave makes it, with the simulated TEE the test's broker trusts. */
  private byte[] receipt(JsonNode q, String id, ObjectNode result) {
    try (EnclaveKeyPair hpke = EnclaveKeyPair.generate();
        ReceiptSigningKey signing = ReceiptSigningKey.generate()) {
      var evidence =
          new SimulatedCollector(SimulatedTee.loadOrCreate(dir.resolve("sim")), new byte[48])
              .collect(EnclaveIdentityBinding.reportData(hpke.publicKey(), signing.publicKey()));
      ObjectNode body = CanonicalJson.mapper().createObjectNode();
      body.put("runId", id);
      body.put(
          "contractHash", Digests.hex(Digests.sha256(CanonicalJson.toBytes(q.get("contract")))));
      body.put("queryFingerprint", q.at("/query/fingerprint").asText());
      ArrayNode inputs = body.putArray("inputs");
      for (JsonNode d : q.get("datasets")) {
        byte[] sealed = Files.readAllBytes(Path.of(d.get("location").asText()));
        inputs
            .addObject()
            .put("datasetId", d.get("id").asText())
            .put("sealedDigest", Digests.hex(Digests.sha256(sealed)))
            .put("keyId", "k");
      }
      body.put("outputDigest", Digests.hex(Digests.sha256(CanonicalJson.toBytes(result))));
      body.put("suppressedGroups", 1);
      body.put("epsilonSpent", "0");
      body.put("tee", "sim");
      body.set("evidence", CanonicalJson.parse(EvidenceJson.write(evidence)));
      body.put("hpkePublicKey", hpke.publicKey().toBase64Url());
      body.put("time", java.time.Instant.now().toString());
      body.put("simulated", true);
      return Receipts.sign(body, signing);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void ownersDepositAndApproveTheEnclaveGetsTheKeysAndAnUnapprovedQueryIsRefused() {
    Cli r = up();

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("deposited visits of hospital")
        .contains("deposited accounts of bank")
        .contains("the bank approves the headline query's fingerprint")
        .contains("received the key of visits")
        .contains("received the key of accounts")
        .contains("released 2 key(s) — SIMULATED, NOT CONFIDENTIAL")
        .contains("the key broker refused: QUERY_NOT_APPROVED (HTTP 403)")
        .contains("RELEASED")
        .contains("WARNING: run-local is NOT confidential")
        .doesNotContain("tok-");
    assertThat(broker.requests)
        .filteredOn(q -> q.path().startsWith("/v1/keys/visits"))
        .allSatisfy(q -> assertThat(q.authorization()).isEqualTo("Bearer tok-hospital-owner"));
    assertThat(broker.requests)
        .filteredOn(q -> q.path().startsWith("/v1/release-log"))
        .allSatisfy(q -> assertThat(q.authorization()).isEqualTo("Bearer tok-auditor"));
    assertThat(approved).hasSize(2); // one fingerprint, approved by both owners
    assertThat(dir.resolve("tokens/auditor.token")).exists();
  }

  private static String user(String form) {
    for (String f : form.split("&")) {
      if (f.startsWith("username=")) {
        return f.substring("username=".length());
      }
    }
    return "?";
  }

  private FakeServer.Answer deposit(String dataset, String org, FakeServer.Request r) {
    byte[] raw = Base64.getUrlDecoder().decode(CanonicalJson.parse(r.body()).get("key").asText());
    deposits.put(dataset, raw);
    return new FakeServer.Answer(
        200, "{\"ownerOrg\":\"" + org + "\",\"datasetId\":\"" + dataset + "\",\"keyId\":\"k\"}");
  }

  private FakeServer.Answer decide(FakeServer.Request r) {
    JsonNode d = CanonicalJson.parse(r.body());
    String org = r.authorization().endsWith("hospital-owner") ? "hospital" : "bank";
    if (d.get("kind").asText().equals("query")) {
      approved.add(org + ":" + d.get("queryFingerprint").asText());
    }
    return new FakeServer.Answer(
        201, "{\"id\":1,\"org\":\"" + org + "\",\"decision\":\"approved\",\"actor\":\"x\"}");
  }

  private FakeServer.Answer attest(FakeServer.Request r) {
    JsonNode rd = CanonicalJson.parse(r.body()).get("runtimeData");
    String fp = rd.get("queryFingerprint").asText();
    if (!approved.contains("hospital:" + fp)) {
      log.insertObject(0)
          .put("id", 2)
          .put("outcome", "REFUSED")
          .put("errorCode", "QUERY_NOT_APPROVED");
      return new FakeServer.Answer(403, "{\"error\":\"QUERY_NOT_APPROVED\"}");
    }
    ArrayNode keys = CanonicalJson.mapper().createArrayNode();
    for (JsonNode id : rd.get("datasetIds")) {
      try (DatasetKey dek =
          DatasetKey.fromBytes(deposits.get(id.asText()), KeyAccess.rawKeyMaterial())) {
        byte[] sealed =
            KeyWrap.seal(
                EnclavePublicKey.fromBase64Url(rd.get("enclavePublicKey").asText()),
                dek,
                ReleaseBinding.associatedData(rd, id.asText(), dek.keyId()));
        keys.addObject()
            .put("datasetId", id.asText())
            .put("keyId", dek.keyId())
            .put("sealedKey", Base64.getUrlEncoder().withoutPadding().encodeToString(sealed));
      }
    }
    log.insertObject(0).put("id", 1).put("outcome", "RELEASED");
    return new FakeServer.Answer(200, "{\"simulated\":true,\"keys\":" + keys + "}");
  }
}
