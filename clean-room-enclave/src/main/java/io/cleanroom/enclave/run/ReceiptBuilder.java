package io.cleanroom.enclave.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.Receipts;
import io.cleanroom.enclave.identity.EnclaveIdentity;
import java.time.Instant;
import java.util.List;

/**
 * Builds and signs a run's receipt (docs/enclave.md#receipt): what ran on which inputs, what came
 * out, under which evidence — signed by the enclave key that the evidence binds.
 */
final class ReceiptBuilder {

  /** One input as the receipt names it. */
  record Input(String datasetId, String sealedDigest, String keyId) {}

  private ReceiptBuilder() {}

  static byte[] sign(
      EnclaveIdentity identity,
      String runId,
      String contractHash,
      String fingerprint,
      List<Input> inputs,
      String outputDigest,
      long suppressedGroups,
      String epsilonSpent,
      Instant time) {
    ObjectNode r = CanonicalJson.mapper().createObjectNode();
    r.put("runId", runId);
    r.put("contractHash", contractHash);
    r.put("queryFingerprint", fingerprint);
    ArrayNode in = r.putArray("inputs");
    for (Input i : inputs) {
      in.addObject()
          .put("datasetId", i.datasetId())
          .put("sealedDigest", i.sealedDigest())
          .put("keyId", i.keyId());
    }
    r.put("outputDigest", outputDigest);
    r.put("suppressedGroups", suppressedGroups);
    r.put("epsilonSpent", epsilonSpent);
    r.put("tee", identity.tee());
    r.set("evidence", identity.evidence());
    r.put("hpkePublicKey", identity.hpke().publicKey().toBase64Url());
    r.put("time", time.toString());
    r.put("simulated", identity.simulated());
    if (identity.simulated()) {
      r.put("notice", EnclaveIdentity.SIMULATED_NOTICE);
    }
    return Receipts.sign(r, identity.signing());
  }
}
