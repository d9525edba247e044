package io.cleanroom.crypto.hpke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;

/**
 * The two bindings of the key release protocol (docs/protocol.md), computed the same way by the key
 * broker and the enclave.
 *
 * <ul>
 *   <li>{@link #reportData}: the 64 bytes the enclave's evidence carries as REPORT_DATA, SHA-512 of
 *       the canonical JSON (RFC 8785) of the runtime data {@code {nonce, enclavePublicKey,
 *       contractHash, queryFingerprint, datasetIds}}. It ties the evidence to this session's nonce,
 *       to the key the DEKs are sealed to, and to the query they are released for.
 *   <li>{@link #associatedData}: what each sealed DEK is bound to, the canonical JSON of {@code
 *       {datasetId, keyId, runtimeData}}. A DEK released for one dataset, key version or session
 *       cannot be opened as another's.
 * </ul>
 */
public final class ReleaseBinding {

  private ReleaseBinding() {}

  /** SHA-512 of the runtime data's canonical JSON: the evidence's REPORT_DATA. */
  public static byte[] reportData(JsonNode runtimeData) {
    return Digests.sha512(CanonicalJson.toBytes(runtimeData));
  }

  /** The associated data a released DEK is sealed with. */
  public static byte[] associatedData(JsonNode runtimeData, String datasetId, String keyId) {
    ObjectNode doc = CanonicalJson.mapper().createObjectNode();
    doc.put("datasetId", datasetId);
    doc.put("keyId", keyId);
    doc.set("runtimeData", runtimeData);
    return CanonicalJson.toBytes(doc);
  }
}
