package io.cleanroom.broker.release;

import static io.cleanroom.broker.release.EnclaveDriver.attest;
import static io.cleanroom.broker.release.EnclaveDriver.challenge;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.broker.SimulatedTeeResource;
import io.cleanroom.broker.TestContracts;
import io.cleanroom.broker.approval.ApprovalRecord.Decision;
import io.cleanroom.broker.approval.ApprovalRecord.Kind;
import io.cleanroom.broker.approval.Approvals;
import io.cleanroom.broker.contract.Contracts;
import io.cleanroom.broker.custody.KeyCustody;
import io.cleanroom.broker.log.BrokerLogKey;
import io.cleanroom.broker.log.ReleaseLog;
import io.cleanroom.broker.log.ReleaseLogEntry;
import io.cleanroom.broker.log.SignedLogEntry;
import io.cleanroom.broker.release.EnclaveDriver.Challenge;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.hpke.KeyWrap;
import io.cleanroom.crypto.hpke.ReleaseBinding;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.crypto.receipt.VerifiedReceipt;
import io.cleanroom.query.contract.Contract;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The release protocol end to end over HTTP, with a simulated TEE whose root the broker trusts: the
 * release itself and every refusal DESIGN.md section 4 names, each logged.
 */
@QuarkusTest
@QuarkusTestResource(value = SimulatedTeeResource.class, restrictToAnnotatedClass = true)
class ReleaseProtocolTest {

  static final byte[] MEASUREMENT = new byte[48]; // the example contract allows 00…00
  static final SecureRandom RANDOM = new SecureRandom();

  @Inject Contracts contracts;
  @Inject KeyCustody custody;
  @Inject Approvals approvals;
  @Inject ReleaseLog log;
  @Inject BrokerLogKey logKey;

  Contract contract;
  byte[] visitsKey;
  byte[] accountsKey;
  EnclaveDriver enclave;

  @BeforeEach
  void parties() {
    contract = contracts.register(TestContracts.hospitalBank(), "test");
    visitsKey = deposit("hospital", "visits");
    accountsKey = deposit("bank", "accounts");
    decide(Kind.CONTRACT, null, "hospital", Decision.APPROVED);
    decide(Kind.CONTRACT, null, "bank", Decision.APPROVED);
    enclave = new EnclaveDriver(SimulatedTeeResource.tee(), MEASUREMENT);
  }

  @Test
  void releasesEveryDatasetKeySealedToTheAttestedEnclave() {
    String fp = approvedQuery();
    Challenge c = challenge("sim");
    ObjectNode rd =
        enclave.runtimeData(c.nonce(), contract.id(), fp, List.of("visits", "accounts"));

    JsonNode body =
        attest(c.sessionId(), enclave.evidence(rd), rd)
            .then()
            .statusCode(200)
            .extract()
            .as(JsonNode.class);

    assertThat(body.get("simulated").asBoolean()).isTrue();
    assertThat(body.get("keys")).hasSize(2);
    for (JsonNode k : body.get("keys")) {
      String dataset = k.get("datasetId").asText();
      byte[] sealed = Base64.getUrlDecoder().decode(k.get("sealedKey").asText());
      assertThat(sealed).hasSize(KeyWrap.SEALED_BYTES);
      byte[] aad = ReleaseBinding.associatedData(rd, dataset, k.get("keyId").asText());
      try (DatasetKey opened = KeyWrap.open(enclave.keys, sealed, aad)) {
        byte[] expected = dataset.equals("visits") ? visitsKey : accountsKey;
        assertThat(opened.toBytes(KeyAccess.rawKeyMaterial())).isEqualTo(expected);
      }
      // Bound to its dataset: the same bytes do not open as the other dataset's key.
      String other = dataset.equals("visits") ? "accounts" : "visits";
      assertThatThrownBy(
              () ->
                  KeyWrap.open(
                      enclave.keys,
                      sealed,
                      ReleaseBinding.associatedData(rd, other, k.get("keyId").asText())))
          .isInstanceOf(CryptoException.class);
    }

    ReleaseLogEntry entry = logged(c.sessionId());
    assertThat(entry.outcome).isEqualTo("RELEASED");
    assertThat(entry.simulated).isTrue();
    assertThat(entry.contractHash).isEqualTo(contract.id());
    assertThat(entry.queryFingerprint).isEqualTo(fp);
    assertThat(entry.datasetIds).isEqualTo("visits,accounts");
    assertThat(entry.claimsJson).contains("\"simulated\":true");
    assertThat(entry.evidenceSha256).matches("[0-9a-f]{64}");
    assertNoKeyMaterialIn(entry);

    // Its signed entry, in the same transaction, verifies with the broker's log key.
    SignedLogEntry signed =
        QuarkusTransaction.requiringNew()
            .call(
                () -> SignedLogEntry.<SignedLogEntry>find("order by sequence desc").firstResult());
    VerifiedReceipt verified =
        LogEntries.BROKER.verify(signed.signedEntry, logKey.signingKey().publicKey());
    assertThat(verified.receipt().get("event").asText()).isEqualTo("key.released");
    assertThat(verified.receipt().get("sequence").asLong()).isEqualTo(signed.sequence);
    assertThat(verified.receipt().get("evidenceSha256").asText()).isEqualTo(entry.evidenceSha256);
  }

  @Test
  void aReplayedNonceIsRefusedEvenAfterASuccess() {
    String fp = approvedQuery();
    Challenge c = challenge("sim");
    ObjectNode rd = enclave.runtimeData(c.nonce(), contract.id(), fp, List.of("visits"));
    JsonNode evidence = enclave.evidence(rd);
    attest(c.sessionId(), evidence, rd).then().statusCode(200);

    refused(attest(c.sessionId(), evidence, rd), 401, "NONCE_REPLAYED");
  }

  @Test
  void aRefusedAnswerSpendsTheNonceToo() {
    String fp = approvedQuery();
    Challenge c = challenge("sim");
    ObjectNode rd = enclave.runtimeData(c.nonce(), contract.id(), fp, List.of("visits"));
    refused(attest(c.sessionId(), enclave.evidenceFor(new byte[64]), rd), 403, "BINDING_MISMATCH");

    refused(attest(c.sessionId(), enclave.evidence(rd), rd), 401, "NONCE_REPLAYED");
  }

  @Test
  void anUnknownSessionIsRefused() {
    String fp = approvedQuery();
    ObjectNode rd = enclave.runtimeData("bm9uY2U", contract.id(), fp, List.of("visits"));
    refused(attest("no-such-session", enclave.evidence(rd), rd), 401, "SESSION_UNKNOWN");
    assertThat(logged("no-such-session").reason).contains("no session");
  }

  @Test
  void anExpiredSessionIsRefused() {
    String fp = approvedQuery();
    Challenge c = challenge("sim");
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                ReleaseSession.update(
                    "expiresAt = ?1 where id = ?2", Instant.now().minusSeconds(1), c.sessionId()));
    ObjectNode rd = enclave.runtimeData(c.nonce(), contract.id(), fp, List.of("visits"));
    refused(attest(c.sessionId(), enclave.evidence(rd), rd), 401, "SESSION_EXPIRED");
  }

  @Test
  void runtimeDataWithAnotherNonceIsRefused() {
    String fp = approvedQuery();
    Challenge c = challenge("sim");
    Challenge other = challenge("sim");
    ObjectNode rd = enclave.runtimeData(other.nonce(), contract.id(), fp, List.of("visits"));
    refused(attest(c.sessionId(), enclave.evidence(rd), rd), 401, "NONCE_MISMATCH");
  }

  @Test
  void evidenceThatBindsOtherRuntimeDataIsRefused() {
    String fp = approvedQuery();
    Challenge c = challenge("sim");
    ObjectNode bound = enclave.runtimeData(c.nonce(), contract.id(), fp, List.of("visits"));
    JsonNode evidence = enclave.evidence(bound);
    // The same session, but the keys are asked for another public key (a man in the middle).
    ObjectNode swapped = bound.deepCopy();
    swapped.put(
        "enclavePublicKey",
        new EnclaveDriver(SimulatedTeeResource.tee(), MEASUREMENT).keys.publicKey().toBase64Url());

    refused(attest(c.sessionId(), evidence, swapped), 403, "BINDING_MISMATCH");
    assertThat(logged(c.sessionId()).reason).contains("REPORT_DATA_MISMATCH");
  }

  @Test
  void evidenceForAnotherTeeTypeThanTheSessionIsRefused() {
    String fp = approvedQuery();
    Challenge c = challenge("snp");
    ObjectNode rd = enclave.runtimeData(c.nonce(), contract.id(), fp, List.of("visits"));
    refused(attest(c.sessionId(), enclave.evidence(rd), rd), 401, "TEE_MISMATCH");
  }

  @Test
  void aMeasurementTheContractDoesNotAllowIsRefused() {
    String fp = approvedQuery();
    byte[] other = new byte[48];
    other[0] = 1;
    EnclaveDriver rogue = new EnclaveDriver(SimulatedTeeResource.tee(), other);
    Challenge c = challenge("sim");
    ObjectNode rd = rogue.runtimeData(c.nonce(), contract.id(), fp, List.of("visits"));
    refused(attest(c.sessionId(), rogue.evidence(rd), rd), 403, "ATTESTATION_REFUSED");
    assertThat(logged(c.sessionId()).reason).contains("MEASUREMENT_NOT_ALLOWED");
  }

  @Test
  void forgedEvidenceIsRefused() {
    String fp = approvedQuery();
    Challenge c = challenge("sim");
    ObjectNode rd = enclave.runtimeData(c.nonce(), contract.id(), fp, List.of("visits"));
    ObjectNode evidence = (ObjectNode) enclave.evidence(rd);
    byte[] report = Base64.getDecoder().decode(evidence.get("report").asText());
    report[0x90] ^= 1; // the measurement, inside the signed region
    evidence.put("report", Base64.getEncoder().encodeToString(report));

    refused(attest(c.sessionId(), evidence, rd), 403, "ATTESTATION_REFUSED");
    assertThat(logged(c.sessionId()).reason).contains("NOT_VERIFIED").contains("report_signature");
  }

  @Test
  void garbageEvidenceIsRefusedWithoutDetail() {
    String fp = approvedQuery();
    Challenge c = challenge("sim");
    ObjectNode rd = enclave.runtimeData(c.nonce(), contract.id(), fp, List.of("visits"));
    ObjectNode evidence = CanonicalJson.mapper().createObjectNode().put("format", "nonsense");

    Response r = attest(c.sessionId(), evidence, rd);
    refused(r, 403, "ATTESTATION_REFUSED");
    assertThat(r.asString()).isEqualTo("{\"error\":\"ATTESTATION_REFUSED\"}");
  }

  @Test
  void unknownContractsAndDatasetsAreRefused() {
    String fp = approvedQuery();
    Challenge c1 = challenge("sim");
    ObjectNode rd1 = enclave.runtimeData(c1.nonce(), "ab".repeat(32), fp, List.of("visits"));
    refused(attest(c1.sessionId(), enclave.evidence(rd1), rd1), 404, "CONTRACT_UNKNOWN");

    Challenge c2 = challenge("sim");
    ObjectNode rd2 =
        enclave.runtimeData(c2.nonce(), contract.id(), fp, List.of("visits", "payroll"));
    refused(attest(c2.sessionId(), enclave.evidence(rd2), rd2), 404, "DATASET_UNKNOWN");
  }

  @Test
  void aDatasetWithoutADepositedKeyIsRefused() {
    String fp = approvedQuery();
    custody.delete("bank", "accounts");
    Challenge c = challenge("sim");
    ObjectNode rd =
        enclave.runtimeData(c.nonce(), contract.id(), fp, List.of("visits", "accounts"));
    refused(attest(c.sessionId(), enclave.evidence(rd), rd), 404, "DATASET_UNKNOWN");
    assertThat(logged(c.sessionId()).reason).contains("bank has deposited no key");
  }

  @Test
  void everyOwnerMustApproveTheContract() {
    String fp = approvedQuery();
    decide(Kind.CONTRACT, null, "bank", Decision.REJECTED);
    Challenge c = challenge("sim");
    ObjectNode rd =
        enclave.runtimeData(c.nonce(), contract.id(), fp, List.of("visits", "accounts"));
    refused(attest(c.sessionId(), enclave.evidence(rd), rd), 403, "CONTRACT_NOT_APPROVED");

    // The hospital's dataset alone needs only the hospital's approvals.
    Challenge alone = challenge("sim");
    ObjectNode rd2 = enclave.runtimeData(alone.nonce(), contract.id(), fp, List.of("visits"));
    attest(alone.sessionId(), enclave.evidence(rd2), rd2).then().statusCode(200);
  }

  @Test
  void everyOwnerMustApproveTheQueryAndARejectionRevokes() {
    String fp = fingerprint();
    decide(Kind.QUERY, fp, "hospital", Decision.APPROVED);
    Challenge c = challenge("sim");
    ObjectNode rd =
        enclave.runtimeData(c.nonce(), contract.id(), fp, List.of("visits", "accounts"));
    refused(attest(c.sessionId(), enclave.evidence(rd), rd), 403, "QUERY_NOT_APPROVED");
    assertThat(logged(c.sessionId()).reason).contains("bank has not approved query " + fp);

    decide(Kind.QUERY, fp, "bank", Decision.APPROVED);
    Challenge ok = challenge("sim");
    ObjectNode rdOk =
        enclave.runtimeData(ok.nonce(), contract.id(), fp, List.of("visits", "accounts"));
    attest(ok.sessionId(), enclave.evidence(rdOk), rdOk).then().statusCode(200);

    decide(Kind.QUERY, fp, "bank", Decision.REJECTED);
    Challenge after = challenge("sim");
    ObjectNode rd3 =
        enclave.runtimeData(after.nonce(), contract.id(), fp, List.of("visits", "accounts"));
    refused(attest(after.sessionId(), enclave.evidence(rd3), rd3), 403, "QUERY_NOT_APPROVED");
  }

  @Test
  void malformedRuntimeDataIsRefusedAndStillSpendsTheNonce() {
    String fp = approvedQuery();
    Challenge c = challenge("sim");
    ObjectNode rd = enclave.runtimeData(c.nonce(), contract.id(), fp, List.of("visits"));
    ObjectNode extra = rd.deepCopy().put("debug", true);
    refused(attest(c.sessionId(), enclave.evidence(extra), extra), 400, "MALFORMED_REQUEST");
    refused(attest(c.sessionId(), enclave.evidence(rd), rd), 401, "NONCE_REPLAYED");

    given()
        .contentType(ContentType.JSON)
        .body("{\"tee\":\"sgx-on-a-toaster\"}")
        .post("/v1/release/challenge")
        .then()
        .statusCode(400);
    given()
        .contentType(ContentType.JSON)
        .body("not json")
        .post("/v1/release/attest")
        .then()
        .statusCode(400);
  }

  // --- helpers ---

  static void refused(Response r, int status, String code) {
    r.then().statusCode(status);
    assertThat(r.jsonPath().getString("error")).isEqualTo(code);
    if (status != 400) {
      // Refusals say nothing beyond the code; only the caller's own malformed input is described.
      assertThat(r.asString()).isEqualTo("{\"error\":\"" + code + "\"}");
    }
  }

  String approvedQuery() {
    String fp = fingerprint();
    decide(Kind.QUERY, fp, "hospital", Decision.APPROVED);
    decide(Kind.QUERY, fp, "bank", Decision.APPROVED);
    return fp;
  }

  static String fingerprint() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  void decide(Kind kind, String fp, String org, Decision d) {
    approvals.decide(
        contract,
        new Approvals.Request(kind, contract.id(), Optional.ofNullable(fp), d, Optional.empty()),
        org,
        org + "-owner",
        "jwt:test");
  }

  byte[] deposit(String org, String dataset) {
    try (DatasetKey k = DatasetKey.generate()) {
      custody.deposit(org, dataset, k, org + "-owner");
      return k.toBytes(KeyAccess.rawKeyMaterial());
    }
  }

  ReleaseLogEntry logged(String sessionId) {
    return log.query(null, null, 1000).stream()
        .filter(e -> sessionId.equals(e.sessionId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no log entry for session " + sessionId));
  }

  void assertNoKeyMaterialIn(ReleaseLogEntry e) {
    String all =
        String.join(
            "|",
            String.valueOf(e.reason),
            String.valueOf(e.claimsJson),
            String.valueOf(e.datasetIds),
            String.valueOf(e.enclavePublicKey));
    for (byte[] k : List.of(visitsKey, accountsKey)) {
      assertThat(all)
          .doesNotContain(Digests.hex(k))
          .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(k))
          .doesNotContain(Base64.getEncoder().encodeToString(k));
    }
  }
}
