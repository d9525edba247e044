package io.cleanroom.crypto.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cleanroom.crypto.CryptoException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON Canonicalization Scheme (RFC 8785): one byte sequence for every JSON value, so that hashes
 * and signatures over JSON are reproducible in any language.
 *
 * <p>Object members are sorted by their names' UTF-16 code units, strings use the minimal JSON
 * escaping, and numbers are printed as ECMAScript prints an IEEE 754 double. Integers whose
 * magnitude exceeds 2<sup>53</sup> are refused rather than silently rounded.
 *
 * <p><b>Security:</b> contract ids, query fingerprints, receipts and the sealed dataset header are
 * all hashed over this form; {@link #parse} refuses duplicate member names so that two parsers
 * cannot read one document differently.
 */
public final class CanonicalJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final long MAX_SAFE_INTEGER = (1L << 53);

  private CanonicalJson() {}

  /** The shared mapper: strict about duplicate names; use it to build trees to canonicalize. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses JSON text strictly (duplicate member names are an error). */
  public static JsonNode parse(byte[] json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new CryptoException(CryptoException.Code.MALFORMED_JSON, "empty JSON document");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new CryptoException(CryptoException.Code.MALFORMED_JSON, "malformed JSON", e);
    }
  }

  /** Parses JSON text strictly (duplicate member names are an error). */
  public static JsonNode parse(String json) {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The canonical UTF-8 bytes of any value Jackson can turn into a tree (records, maps, nodes). */
  public static byte[] toBytes(Object value) {
    return toString(value).getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical text of any value Jackson can turn into a tree (records, maps, nodes). */
  public static String toString(Object value) {
    JsonNode node = value instanceof JsonNode n ? n : MAPPER.valueToTree(value);
    StringBuilder out = new StringBuilder(256);
    write(node, out);
    return out.toString();
  }

  /** Re-encodes JSON text canonically. */
  public static byte[] canonicalize(byte[] json) {
    return toBytes(parse(json));
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out);
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> out.append(formatNumber(node));
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      default ->
          throw new CryptoException(
              CryptoException.Code.MALFORMED_JSON,
              "value of type " + node.getNodeType() + " has no JSON form");
    }
  }

  private static void writeObject(JsonNode node, StringBuilder out) {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      members.add(it.next());
    }
    // String.compareTo orders by UTF-16 code units, exactly as RFC 8785 section 3.2.3 asks.
    members.sort(Map.Entry.comparingByKey());
    out.append('{');
    for (int i = 0; i < members.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeString(members.get(i).getKey(), out);
      out.append(':');
      write(members.get(i).getValue(), out);
    }
    out.append('}');
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00")
                .append(Character.forDigit(c >> 4, 16))
                .append(Character.forDigit(c & 0xf, 16));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static String formatNumber(JsonNode node) {
    if (node.isIntegralNumber()) {
      if (node.canConvertToLong()) {
        long v = node.longValue();
        if (v <= MAX_SAFE_INTEGER && v >= -MAX_SAFE_INTEGER) {
          return Long.toString(v);
        }
      }
      throw new CryptoException(
          CryptoException.Code.MALFORMED_JSON,
          "integer " + node.asText() + " is outside the exactly representable range ±2^53");
    }
    return formatDouble(node.doubleValue());
  }

  /** Formats a double as ECMAScript's Number.prototype.toString does (RFC 8785 section 3.2.2.3). */
  static String formatDouble(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_JSON, "NaN and infinity have no JSON form");
    }
    if (v == 0) {
      return "0";
    }
    // Since JDK 19, Double.toString yields the shortest decimal that round-trips: the digits
    // ECMAScript asks for. Only the layout differs.
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int n = digits.length() - d.scale();
    if (digits.length() == 2) {
      // Java prints at least two digits where one would round-trip (4.9E-324 for 5e-324);
      // ECMAScript takes the shortest, and of those the closest.
      String one = shortestSingleDigit(Math.abs(v), digits, n);
      if (one != null) {
        n += one.length() - 1;
        digits = one.substring(0, 1);
      }
    }
    int k = digits.length();
    StringBuilder out = new StringBuilder(32);
    if (v < 0) {
      out.append('-');
    }
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(n - 1 >= 0 ? "+" : "-").append(Math.abs(n - 1));
    }
    return out.toString();
  }

  /**
   * The single digit (followed by a 0 if it carries into the next power of ten) that round-trips to
   * {@code v} and is closest to it, or null if none does.
   */
  private static String shortestSingleDigit(double v, String twoDigits, int n) {
    int lower = twoDigits.charAt(0) - '0';
    BigDecimal exact = new BigDecimal(v);
    String best = null;
    BigDecimal bestDistance = null;
    for (int d = lower; d <= lower + 1; d++) {
      BigDecimal candidate = BigDecimal.valueOf(d).scaleByPowerOfTen(n - 1);
      if (candidate.signum() == 0 || candidate.doubleValue() != v) {
        continue;
      }
      BigDecimal distance = candidate.subtract(exact).abs();
      if (bestDistance == null || distance.compareTo(bestDistance) < 0) {
        best = d == 10 ? "10" : Integer.toString(d);
        bestDistance = distance;
      }
    }
    return best;
  }
}
