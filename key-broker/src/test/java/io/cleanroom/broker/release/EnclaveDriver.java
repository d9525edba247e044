package io.cleanroom.broker.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.collect.SimulatedCollector;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.crypto.hpke.EnclaveKeyPair;
import io.cleanroom.crypto.hpke.ReleaseBinding;
import io.cleanroom.crypto.json.CanonicalJson;
import java.util.List;

/**
 * The enclave's side of the release protocol as the tests play it: a simulated TEE, an HPKE key
 * pair, runtime data and evidence binding it. The enclave service will do the same with real
 * evidence.
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
}
