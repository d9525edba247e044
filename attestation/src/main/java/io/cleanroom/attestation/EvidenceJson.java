package io.cleanroom.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.SimulatedEvidence;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.TdxEvidence;
import io.cleanroom.attestation.snp.AuxBlob;
import io.cleanroom.attestation.tdx.CollateralJson;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evidence container an enclave sends (and the collectors and the simulator produce):
 *
 * <pre>{@code
 * {"format": "cleanroom-evidence/1", "tee": "snp" | "sim" | "tdx",
 *  "report": "<base64 SNP report>",            // snp, sim
 *  "certificates": ["<base64 DER>", ...],       // snp, sim (optional)
 *  "auxblob": "<base64 certificate table>",     // snp (optional, from configfs-tsm)
 *  "quote": "<base64 TDX quote>",               // tdx
 *  "collateral": {...}}                          // tdx (optional, Intel PCS fields)
 * }</pre>
 *
 * Written as canonical JSON (RFC 8785), so the same evidence always has the same bytes.
 */
public final class EvidenceJson {

  /** The format tag. */
  public static final String FORMAT = "cleanroom-evidence/1";

  private EvidenceJson() {}

  /** The container's canonical JSON bytes. */
  public static byte[] write(Evidence evidence) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("tee", evidence.tee().id());
    Base64.Encoder b64 = Base64.getEncoder();
    switch (evidence) {
      case SnpEvidence s -> {
        m.put("report", b64.encodeToString(s.report()));
        m.put("certificates", s.certificates().stream().map(b64::encodeToString).toList());
      }
      case SimulatedEvidence s -> {
        m.put("report", b64.encodeToString(s.report()));
        m.put("certificates", s.certificates().stream().map(b64::encodeToString).toList());
      }
      case TdxEvidence t -> {
        m.put("quote", b64.encodeToString(t.quote()));
        t.collateral().ifPresent(c -> m.put("collateral", CollateralJson.toJson(c)));
      }
    }
    return CanonicalJson.toBytes(m);
  }

  /** Reads a container; throws {@code MALFORMED_EVIDENCE} on anything else. */
  public static Evidence read(byte[] json) {
    JsonNode root;
    try {
      root = CanonicalJson.parse(json);
    } catch (CryptoException e) {
      throw malformed("evidence container: " + e.getMessage());
    }
    return read(root);
  }

  /** Reads a parsed container. */
  public static Evidence read(JsonNode root) {
    if (!root.isObject() || !FORMAT.equals(root.path("format").asText(""))) {
      throw malformed("not a " + FORMAT + " container");
    }
    TeeType tee = TeeType.fromId(text(root, "tee"));
    return switch (tee) {
      case SNP -> new SnpEvidence(bytes(root, "report"), certificates(root));
      case SIM -> new SimulatedEvidence(bytes(root, "report"), certificates(root));
      case TDX ->
          new TdxEvidence(
              bytes(root, "quote"),
              root.has("collateral")
                  ? Optional.of(CollateralJson.fromJson(root.get("collateral")))
                  : Optional.empty());
    };
  }

  private static List<byte[]> certificates(JsonNode root) {
    List<byte[]> out = new ArrayList<>();
    JsonNode certs = root.get("certificates");
    if (certs != null) {
      if (!certs.isArray()) {
        throw malformed("'certificates' is an array of base64 strings");
      }
      for (JsonNode c : certs) {
        out.add(decode(c, "certificates[]"));
      }
    }
    if (root.has("auxblob")) {
      AuxBlob.parse(bytes(root, "auxblob")).forEach(e -> out.add(e.data()));
    }
    return out;
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual()) {
      throw malformed("'" + field + "' is missing or not a string");
    }
    return n.textValue();
  }

  private static byte[] bytes(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null) {
      throw malformed("'" + field + "' is missing");
    }
    return decode(n, field);
  }

  /** Decodes a base64 or base64url string, or a JSON array of byte values. */
  static byte[] decode(JsonNode n, String what) {
    if (n.isArray()) {
      byte[] out = new byte[n.size()];
      for (int i = 0; i < out.length; i++) {
        JsonNode v = n.get(i);
        if (!v.isIntegralNumber() || v.intValue() < 0 || v.intValue() > 255) {
          throw malformed("'" + what + "' has a non-byte element");
        }
        out[i] = (byte) v.intValue();
      }
      return out;
    }
    if (!n.isTextual()) {
      throw malformed("'" + what + "' is not base64 text");
    }
    String s = n.textValue().replaceAll("\\s", "");
    try {
      return s.indexOf('-') >= 0 || s.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(s)
          : Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw malformed("'" + what + "' is not valid base64");
    }
  }

  private static AttestationException malformed(String message) {
    return new AttestationException(AttestationException.Code.MALFORMED_EVIDENCE, message);
  }
}
