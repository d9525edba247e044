package io.cleanroom.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cleanroom.cli.Cli;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.hpke.EnclavePublicKey;
import io.cleanroom.crypto.hpke.KeyWrap;
import io.cleanroom.crypto.hpke.ReleaseBinding;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cleanroom up --broker}: the walk-through's broker steps against in-process stand-ins for
 * Keycloak and a key broker that keeps deposits and approvals and releases only approved queries
 * (scripts/test-up.sh runs the same against the real ones).
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
  }

  @Test
  void ownersDepositAndApproveTheEnclaveGetsTheKeysAndAnUnapprovedQueryIsRefused() {
    Cli.run("attestation", "simulator", "init", "--dir", dir.resolve("sim").toString());
    Cli r =
        Cli.run(
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
            dir.resolve("sim").toString());

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
