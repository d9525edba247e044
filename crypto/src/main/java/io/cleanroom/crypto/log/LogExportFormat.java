package io.cleanroom.crypto.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The header line of a log export and the check that a line is one canonical JSON object, shared by
 * {@link LogExportWriter} and {@link LogExportVerifier}.
 */
final class LogExportFormat {

  /** The {@code format} member of the header line. */
  static final String FORMAT = "cleanroom.log-export.v1";

  private static final Set<String> HEADER_MEMBERS = new TreeSet<>(Set.of("format", "logId"));

  private LogExportFormat() {}

  /** The header line's canonical JSON, without its newline. */
  static byte[] header(String logId) {
    if (logId == null || logId.isEmpty()) {
      throw new IllegalArgumentException("a log id is required");
    }
    ObjectNode node = CanonicalJson.mapper().createObjectNode();
    node.put("format", FORMAT);
    node.put("logId", logId);
    return CanonicalJson.toBytes(node);
  }

  /** The log id of a header line; empty when the line is not exactly a canonical header. */
  static Optional<String> logIdOf(byte[] line) {
    JsonNode node;
    try {
      node = CanonicalJson.parse(line);
    } catch (CryptoException e) {
      return Optional.empty();
    }
    String logId = node.path("logId").textValue();
    if (!node.isObject()
        || !names(node).equals(HEADER_MEMBERS)
        || !FORMAT.equals(node.get("format").textValue())
        || logId == null
        || logId.isEmpty()
        || !Arrays.equals(header(logId), line)) {
      return Optional.empty();
    }
    return Optional.of(logId);
  }

  /**
   * Parses a line that must be one canonical JSON object (which holds no raw newline or carriage
   * return: RFC 8785 escapes them in strings).
   *
   * @throws CryptoException {@code MALFORMED_JSON} naming what is wrong
   */
  static JsonNode canonicalObject(byte[] line) {
    JsonNode node = CanonicalJson.parse(line);
    if (!node.isObject()) {
      throw new CryptoException(CryptoException.Code.MALFORMED_JSON, "not a JSON object");
    }
    if (!Arrays.equals(CanonicalJson.toBytes(node), line)) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_JSON, "not in canonical JSON form (RFC 8785)");
    }
    return node;
  }

  static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
