package io.cleanroom.broker.release;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.collect.SimulatedCollector;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.crypto.hpke.EnclaveKeyPair;
import io.cleanroom.crypto.hpke.ReleaseBinding;
import io.cleanroom.crypto.json.CanonicalJson;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;

/**
 * The enclave's side of the release protocol as the tests play it: a simulated TEE, an HPKE key
 * pair, runtime data and evidence binding it, and the two calls over HTTP. The enclave service does
 * the same with real evidence.
 */
public final class EnclaveDriver {

  public final EnclaveKeyPair keys = EnclaveKeyPair.generate();
  private final SimulatedCollector collector;

  public EnclaveDriver(SimulatedTee tee, byte[] measurement) {
    this.collector = new SimulatedCollector(tee, measurement);
  }

  /** The runtime data for this session and query. */
  public ObjectNode runtimeData(
      String nonce, String contractHash, String fingerprint, List<String> datasetIds) {
    ObjectNode rd = CanonicalJson.mapper().createObjectNode();
    rd.put("nonce", nonce);
    rd.put("enclavePublicKey", keys.publicKey().toBase64Url());
    rd.put("contractHash", contractHash);
    rd.put("queryFingerprint", fingerprint);
    datasetIds.forEach(rd.putArray("datasetIds")::add);
    return rd;
  }

  /** Evidence whose REPORT_DATA binds {@code runtimeData}. */
  public JsonNode evidence(JsonNode runtimeData) {
    return evidenceFor(ReleaseBinding.reportData(runtimeData));
  }

  /** Evidence carrying any REPORT_DATA. */
  public JsonNode evidenceFor(byte[] reportData) {
    return CanonicalJson.parse(EvidenceJson.write(collector.collect(reportData)));
  }

  /** A challenge's answer. */
  public record Challenge(String sessionId, String nonce) {}

  /** {@code POST /v1/release/challenge}, which must succeed. */
  public static Challenge challenge(String tee) {
    JsonNode r =
        given()
            .contentType(ContentType.JSON)
            .body("{\"tee\":\"" + tee + "\"}")
            .post("/v1/release/challenge")
            .then()
            .statusCode(200)
            .extract()
            .as(JsonNode.class);
    return new Challenge(r.get("sessionId").asText(), r.get("nonce").asText());
  }

  /** {@code POST /v1/release/attest} with this evidence and runtime data. */
  public static Response attest(String sessionId, JsonNode evidence, JsonNode runtimeData) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("sessionId", sessionId);
    body.set("evidence", evidence);
    body.set("runtimeData", runtimeData);
    return given().contentType(ContentType.JSON).body(body.toString()).post("/v1/release/attest");
  }

  /** A well-formed answer to a new challenge, asking for these datasets' keys. */
  public Response release(String contractHash, String fingerprint, List<String> datasetIds) {
    Challenge c = challenge("sim");
    ObjectNode rd = runtimeData(c.nonce(), contractHash, fingerprint, datasetIds);
    return attest(c.sessionId(), evidence(rd), rd);
  }
}
