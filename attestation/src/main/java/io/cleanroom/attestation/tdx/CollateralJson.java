package io.cleanroom.attestation.tdx;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.evidence.SignedJson;
import io.cleanroom.attestation.evidence.TdxCollateral;
import io.cleanroom.attestation.verify.Certs;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TDX collateral as one JSON object with Intel PCS's parts as fields (the shape dcap-qvl and PCCS
 * clients use): {@code tcb_info} and {@code qe_identity} as the exact signed JSON text, their
 * {@code *_signature} as hex r || s, issuer chains as PEM, CRLs as hex DER.
 */
public final class CollateralJson {

  private static final HexFormat HEX = HexFormat.of();

  private CollateralJson() {}

  /** Reads the object; absent fields stay absent. */
  public static TdxCollateral fromJson(JsonNode n) {
    if (!n.isObject()) {
      throw bad("collateral is a JSON object");
    }
    TdxCollateral.Builder b = TdxCollateral.builder();
    if (n.has("tcb_info")) {
      b.tcbInfo(signed(n, "tcb_info", "tcb_info_signature"));
    }
    if (n.has("qe_identity")) {
      b.qeIdentity(signed(n, "qe_identity", "qe_identity_signature"));
    }
    if (n.has("tcb_info_issuer_chain")) {
      b.tcbSigningChain(pem(n, "tcb_info_issuer_chain"));
    } else if (n.has("qe_identity_issuer_chain")) {
      b.tcbSigningChain(pem(n, "qe_identity_issuer_chain"));
    }
    if (n.has("pck_crl_issuer_chain")) {
      b.pckCrlIssuerChain(pem(n, "pck_crl_issuer_chain"));
    }
    if (n.has("pck_crl")) {
      b.pckCrl(hex(n, "pck_crl"));
    }
    if (n.has("root_ca_crl")) {
      b.rootCrl(hex(n, "root_ca_crl"));
    }
    return b.build();
  }

  /** Writes the object. */
  public static Map<String, Object> toJson(TdxCollateral c) {
    Map<String, Object> m = new LinkedHashMap<>();
    c.tcbInfo()
        .ifPresent(
            s -> {
              m.put("tcb_info", new String(s.body(), StandardCharsets.UTF_8));
              m.put("tcb_info_signature", HEX.formatHex(s.signature()));
            });
    c.qeIdentity()
        .ifPresent(
            s -> {
              m.put("qe_identity", new String(s.body(), StandardCharsets.UTF_8));
              m.put("qe_identity_signature", HEX.formatHex(s.signature()));
            });
    if (!c.tcbSigningChain().isEmpty()) {
      m.put("tcb_info_issuer_chain", toPem(c.tcbSigningChain()));
      m.put("qe_identity_issuer_chain", toPem(c.tcbSigningChain()));
    }
    if (!c.pckCrlIssuerChain().isEmpty()) {
      m.put("pck_crl_issuer_chain", toPem(c.pckCrlIssuerChain()));
    }
    c.pckCrl().ifPresent(v -> m.put("pck_crl", HEX.formatHex(v)));
    c.rootCrl().ifPresent(v -> m.put("root_ca_crl", HEX.formatHex(v)));
    return m;
  }

  private static SignedJson signed(JsonNode n, String body, String sig) {
    return new SignedJson(text(n, body).getBytes(StandardCharsets.UTF_8), hex(n, sig));
  }

  private static List<byte[]> pem(JsonNode n, String field) {
    return Certs.pemBlocks(text(n, field), "CERTIFICATE");
  }

  private static byte[] hex(JsonNode n, String field) {
    try {
      return HEX.parseHex(text(n, field).strip());
    } catch (IllegalArgumentException e) {
      throw bad("'" + field + "' is not hex");
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw bad("'" + field + "' is missing or not a string");
    }
    return v.textValue();
  }

  static String toPem(List<byte[]> ders) {
    StringBuilder sb = new StringBuilder();
    for (byte[] der : ders) {
      sb.append("-----BEGIN CERTIFICATE-----\n")
          .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der))
          .append("\n-----END CERTIFICATE-----\n");
    }
    return sb.toString();
  }

  static AttestationException bad(String message) {
    return new AttestationException(AttestationException.Code.MALFORMED_COLLATERAL, message);
  }
}
