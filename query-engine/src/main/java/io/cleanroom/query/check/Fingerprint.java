package io.cleanroom.query.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import java.util.List;

/**
 * The query fingerprint: SHA-256 of the canonical JSON {@code {contractHash, engineVersion,
 * normalizedSql, parameters}}.
 *
 * <p><b>Security:</b> owners approve fingerprints and the key broker releases keys only for an
 * approved one, so the fingerprint binds everything that decides what a query reveals: the contract
 * (and with it the rules), the exact query after normalisation, its parameter values and the engine
 * version that enforces the rules.
 */
public final class Fingerprint {

  private Fingerprint() {}

  /** The canonical JSON that is hashed. */
  public static ObjectNode document(
      String contractHash, String normalizedSql, List<JsonNode> parameters, String engineVersion) {
    ObjectNode doc = CanonicalJson.mapper().createObjectNode();
    doc.put("contractHash", contractHash);
    doc.put("normalizedSql", normalizedSql);
    ArrayNode params = doc.putArray("parameters");
    parameters.forEach(params::add);
    doc.put("engineVersion", engineVersion);
    return doc;
  }

  /** The fingerprint as lower-case hex. */
  public static String of(
      String contractHash, String normalizedSql, List<JsonNode> parameters, String engineVersion) {
    return Digests.hex(
        Digests.sha256OfCanonicalJson(
            document(contractHash, normalizedSql, parameters, engineVersion)));
  }
}
