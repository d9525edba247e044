package io.cleanroom.portal.log;

import static io.cleanroom.portal.PortalTestSupport.AUDITOR;
import static io.cleanroom.portal.PortalTestSupport.HOSPITAL;
import static io.cleanroom.portal.PortalTestSupport.as;
import static io.cleanroom.portal.PortalTestSupport.withContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.sim.SimulatedReportRequest;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.crypto.hpke.EnclaveKeyPair;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.EnclaveIdentityBinding;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The enclave's run entries reach a collaboration's log only when they are signed by the key that
 * the enclave's evidence binds, and only for contracts that allow the attested build.
 */
@QuarkusTest
@QuarkusTestResource(KeycloakTestResource.class)
@QuarkusTestResource(value = AdversarialEnclave.class, restrictToAnnotatedClass = true)
class EnclaveEntriesSyncTest {

  /** The measurement the demo contract allows for the simulated TEE: 48 zero bytes. */
  static final byte[] ALLOWED = new byte[48];

  private static String collaboration(String[] hashOut) {
    var c = withContract("sync", HOSPITAL);
    hashOut[0] = c.contractHash();
    return c.id();
  }

  /** The attestation document of an enclave with these keys, its evidence binding {@code bound}. */
  private static ObjectNode attestation(
      EnclaveKeyPair hpke, ReceiptSigningKey signing, byte[] boundSigningKey, byte[] measurement) {
    SimulatedTee tee = SimulatedTee.loadOrCreate(AdversarialEnclave.DIR.resolve("tee"));
    byte[] reportData = EnclaveIdentityBinding.reportData(hpke.publicKey(), boundSigningKey);
    ObjectNode doc = CanonicalJson.mapper().createObjectNode();
    doc.put("simulated", true);
    doc.put("hpkePublicKey", hpke.publicKey().toBase64Url());
    doc.put("signingKey", signing.publicKeyBase64Url());
    doc.set(
        "evidence",
        CanonicalJson.parse(
            EvidenceJson.write(tee.report(SimulatedReportRequest.of(reportData, measurement)))));
    return doc;
  }

  private static ArrayNode entries(ReceiptSigningKey key, String contractHash, long firstSeq) {
    ArrayNode out = CanonicalJson.mapper().createArrayNode();
    long seq = firstSeq;
    for (String event : List.of("run.started", "run.finished")) {
      ObjectNode e = CanonicalJson.mapper().createObjectNode();
      e.put("event", event);
      e.put("runId", "run-" + firstSeq);
      e.put("contractHash", contractHash);
      e.put("simulated", true);
      ObjectNode item = out.addObject();
      item.put("sequence", seq++);
      item.set("entry", CanonicalJson.parse(LogEntries.ENCLAVE.sign(e, key)));
    }
    return out;
  }

  private static List<String> events(String id, long from) {
    JsonNode list =
        CanonicalJson.parse(
            as(AUDITOR).get("/v1/collaborations/" + id + "/log/entries?start=" + from).asString());
    return java.util.stream.StreamSupport.stream(list.spliterator(), false)
        .map(
            e ->
                e.get("entry").get("entry").get("format").asText()
                    + " "
                    + e.get("entry").get("entry").get("event").asText())
        .toList();
  }

  private static JsonNode sync(String id) {
    return CanonicalJson.parse(
        as(AUDITOR)
            .post("/v1/collaborations/" + id + "/log/sync")
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }

  @Test
  void entriesSignedByTheAttestedKeyOfAnAllowedBuildJoinOnce() {
    String[] hash = new String[1];
    String id = collaboration(hash);
    try (EnclaveKeyPair hpke = EnclaveKeyPair.generate();
        ReceiptSigningKey key = ReceiptSigningKey.generate()) {
      AdversarialEnclave.serve(
          "attestation.json", attestation(hpke, key, key.publicKey(), ALLOWED));
      AdversarialEnclave.serve("entries.json", entries(key, hash[0], 1));
      JsonNode r = sync(id);
      assertThat(r.get("problems").toString()).doesNotContain("127.0.0.1");
      assertThat(events(id, 2))
          .containsExactly(
              "cleanroom.enclave-log-entry.v1 run.started",
              "cleanroom.enclave-log-entry.v1 run.finished");
      // Read again: nothing is appended twice.
      sync(id);
      assertThat(events(id, 2)).hasSize(2);
    }
  }

  @Test
  void anEntrySignedByAnotherKeyIsNotTaken() {
    String[] hash = new String[1];
    String id = collaboration(hash);
    try (EnclaveKeyPair hpke = EnclaveKeyPair.generate();
        ReceiptSigningKey key = ReceiptSigningKey.generate();
        ReceiptSigningKey other = ReceiptSigningKey.generate()) {
      AdversarialEnclave.serve(
          "attestation.json", attestation(hpke, key, key.publicKey(), ALLOWED));
      AdversarialEnclave.serve("entries.json", entries(other, hash[0], 1));
      assertThat(sync(id).get("problems").toString()).contains("does not verify");
      assertThat(events(id, 2)).isEmpty();
    }
  }

  @Test
  void evidenceThatBindsAnotherKeyIsNotTrusted() {
    String[] hash = new String[1];
    String id = collaboration(hash);
    try (EnclaveKeyPair hpke = EnclaveKeyPair.generate();
        ReceiptSigningKey key = ReceiptSigningKey.generate();
        ReceiptSigningKey other = ReceiptSigningKey.generate()) {
      AdversarialEnclave.serve(
          "attestation.json", attestation(hpke, key, other.publicKey(), ALLOWED));
      AdversarialEnclave.serve("entries.json", entries(key, hash[0], 1));
      assertThat(sync(id).get("problems").toString()).contains("does not bind its signing key");
      assertThat(events(id, 2)).isEmpty();
    }
  }

  @Test
  void aBuildTheContractDoesNotAllowGetsNothingIn() {
    String[] hash = new String[1];
    String id = collaboration(hash);
    byte[] otherBuild = new byte[48];
    java.util.Arrays.fill(otherBuild, (byte) 0x11);
    try (EnclaveKeyPair hpke = EnclaveKeyPair.generate();
        ReceiptSigningKey key = ReceiptSigningKey.generate()) {
      AdversarialEnclave.serve(
          "attestation.json", attestation(hpke, key, key.publicKey(), otherBuild));
      AdversarialEnclave.serve("entries.json", entries(key, hash[0], 1));
      assertThat(sync(id).get("problems").toString()).contains("not allowed by contract");
      assertThat(events(id, 2)).isEmpty();
    }
  }
}
