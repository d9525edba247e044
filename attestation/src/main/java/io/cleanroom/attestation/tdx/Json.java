package io.cleanroom.attestation.tdx;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/** Strict accessors for Intel collateral JSON: every missing or mistyped field is an error. */
final class Json {

  private Json() {}

  static JsonNode parse(byte[] body) {
    try {
      JsonNode n = CanonicalJson.parse(body);
      if (!n.isObject()) {
        throw CollateralJson.bad("collateral JSON is not an object");
      }
      return n;
    } catch (CryptoException e) {
      throw CollateralJson.bad("collateral JSON: " + e.getMessage());
    }
  }

  static JsonNode node(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw CollateralJson.bad("collateral lacks '" + field + "'");
    }
    return v;
  }

  static String text(JsonNode n, String field) {
    JsonNode v = node(n, field);
    if (!v.isTextual()) {
      throw CollateralJson.bad("'" + field + "' is not a string");
    }
    return v.textValue();
  }

  static int integer(JsonNode n, String field) {
    JsonNode v = node(n, field);
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
      throw CollateralJson.bad("'" + field + "' is not a non-negative integer");
    }
    return v.intValue();
  }

  static Instant instant(JsonNode n, String field) {
    try {
      return Instant.parse(text(n, field));
    } catch (DateTimeParseException e) {
      throw CollateralJson.bad("'" + field + "' is not an ISO-8601 instant");
    }
  }

  static byte[] hex(JsonNode n, String field) {
    try {
      return HexFormat.of().parseHex(text(n, field).toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw CollateralJson.bad("'" + field + "' is not hex");
    }
  }

  static JsonNode array(JsonNode n, String field) {
    JsonNode v = node(n, field);
    if (!v.isArray()) {
      throw CollateralJson.bad("'" + field + "' is not an array");
    }
    return v;
  }

  /** The SVNs of a component list ({@code [{"svn": n}, ...]}), exactly 16 of them. */
  static int[] svns(JsonNode n, String field) {
    JsonNode a = array(n, field);
    if (a.size() != 16) {
      throw CollateralJson.bad("'" + field + "' has " + a.size() + " components, not 16");
    }
    int[] out = new int[16];
    for (int i = 0; i < 16; i++) {
      out[i] = integer(a.get(i), "svn");
    }
    return out;
  }
}
