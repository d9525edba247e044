package io.cleanroom.attestation.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.TeeType;
import io.cleanroom.attestation.evidence.TcbStatus;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@link ReferenceValues} and an optional expected report data from a JSON policy file:
 *
 * <pre>{@code
 * {"tees": ["snp", "tdx"], "measurements": ["<hex>" | "*"], "hostData": ["*"],
 *  "minimumTcb": {"snp": 8, "microcode": 115}, "allowedTcbStatuses": ["UpToDate"],
 *  "allowDebug": false, "allowSimulated": false, "maxEvidenceAge": "PT5M",
 *  "reportData": "<hex>"}
 * }</pre>
 *
 * {@code measurements} is required; unknown fields are refused so that a typo cannot loosen a
 * policy silently.
 */
public final class PolicyJson {

  private static final Set<String> FIELDS =
      Set.of(
          "tees",
          "measurements",
          "hostData",
          "minimumTcb",
          "allowedTcbStatuses",
          "allowDebug",
          "allowSimulated",
          "maxEvidenceAge",
          "reportData");

  private PolicyJson() {}

  /** A parsed policy: reference values and the expected report data, if given. */
  public record Policy(ReferenceValues referenceValues, Optional<byte[]> reportData) {}

  /** Parses a policy file's bytes. */
  public static Policy parse(byte[] json) {
    try {
      JsonNode root = CanonicalJson.parse(json);
      if (!root.isObject()) {
        throw bad("a policy is a JSON object");
      }
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!FIELDS.contains(f)) {
          throw bad("unknown policy field '" + f + "'");
        }
      }
      if (!root.has("measurements")) {
        throw bad("'measurements' is required (use [\"*\"] to allow any)");
      }
      ReferenceValues ref = ReferenceValues.forMeasurements(strings(root.get("measurements")));
      if (root.has("tees")) {
        Set<TeeType> tees = new HashSet<>();
        strings(root.get("tees")).forEach(t -> tees.add(TeeType.fromId(t)));
        ref = ref.withTees(tees);
      }
      if (root.has("hostData")) {
        ref = ref.withHostData(strings(root.get("hostData")));
      }
      if (root.has("minimumTcb")) {
        ref = ref.withMinimumTcb(ints(root.get("minimumTcb")));
      }
      if (root.has("allowedTcbStatuses")) {
        Set<TcbStatus> s = new HashSet<>();
        strings(root.get("allowedTcbStatuses")).forEach(v -> s.add(TcbStatus.fromLabel(v)));
        ref = ref.withAllowedTcbStatuses(s);
      }
      ref =
          ref.withAllowDebug(bool(root, "allowDebug"))
              .withAllowSimulated(bool(root, "allowSimulated"));
      if (root.has("maxEvidenceAge")) {
        ref = ref.withMaxEvidenceAge(Duration.parse(text(root.get("maxEvidenceAge"))));
      }
      Optional<byte[]> rd =
          root.has("reportData")
              ? Optional.of(java.util.HexFormat.of().parseHex(text(root.get("reportData"))))
              : Optional.empty();
      return new Policy(ref, rd);
    } catch (CryptoException | DateTimeParseException | IllegalArgumentException e) {
      throw bad("invalid policy: " + e.getMessage());
    } catch (AttestationException e) {
      throw e.code() == AttestationException.Code.MALFORMED_POLICY ? e : bad(e.getMessage());
    }
  }

  private static Set<String> strings(JsonNode n) {
    if (!n.isArray()) {
      throw bad("expected an array of strings");
    }
    Set<String> out = new HashSet<>();
    n.forEach(v -> out.add(text(v)));
    return out;
  }

  private static Map<String, Integer> ints(JsonNode n) {
    if (!n.isObject()) {
      throw bad("'minimumTcb' is an object of integers");
    }
    Map<String, Integer> out = new HashMap<>();
    n.properties()
        .forEach(
            e -> {
              if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber()) {
                throw bad("minimumTcb." + e.getKey() + " is not an integer");
              }
              out.put(e.getKey(), e.getValue().intValue());
            });
    return out;
  }

  private static boolean bool(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null) {
      return false;
    }
    if (!n.isBoolean()) {
      throw bad("'" + field + "' is true or false");
    }
    return n.booleanValue();
  }

  private static String text(JsonNode n) {
    if (!n.isTextual()) {
      throw bad("expected a string, got " + n.getNodeType());
    }
    return n.textValue();
  }

  private static AttestationException bad(String message) {
    return new AttestationException(AttestationException.Code.MALFORMED_POLICY, message);
  }
}
