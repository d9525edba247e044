package io.cleanroom.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.SimulatedEvidence;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.TdxEvidence;
import io.cleanroom.attestation.snp.SnpReport;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Recognizes evidence files as they come: a raw SEV-SNP report, a raw TDX quote (zero padding
 * allowed), either as hex text, an Azure HCL report, the {@link EvidenceJson} container, or the
 * Azure vTPM evidence JSON (trustee's {@code az-snp-vtpm}/{@code az-tdx-vtpm} shapes, whose SNP
 * report or TD quote is extracted; the vTPM quote itself is not verified here).
 */
public final class EvidenceFiles {

  private static final int HCL_REPORT_OFFSET = 0x20;
  private static final int HCL_TYPE_OFFSET = 0x20 + 0x4A0 + 8;

  private EvidenceFiles() {}

  /**
   * Reads evidence from file bytes.
   *
   * @param tee the TEE type, when the caller knows it; otherwise recognized from the content
   */
  public static Evidence load(byte[] data, Optional<TeeType> tee) {
    String text = new String(data, StandardCharsets.ISO_8859_1).strip();
    if (text.startsWith("{")) {
      return json(data, tee);
    }
    if (text.startsWith("0x") || text.startsWith("0X")) {
      text = text.substring(2);
    }
    if (!text.isEmpty() && text.matches("(?s)[0-9a-fA-F\\s]+")) {
      String digits = text.replaceAll("\\s", "");
      if (digits.length() % 2 != 0) {
        throw malformed("hex evidence has an odd number of digits");
      }
      return binary(HexFormat.of().parseHex(digits), tee);
    }
    return binary(data, tee);
  }

  private static Evidence binary(byte[] b, Optional<TeeType> tee) {
    if (b.length >= 4 && b[0] == 'H' && b[1] == 'C' && b[2] == 'L' && b[3] == 'A') {
      return hcl(b, List.of(), tee);
    }
    boolean looksTdx =
        b.length >= 8 && (b[0] == 4 || b[0] == 5) && b[1] == 0 && (b[4] & 0xff) == 0x81;
    TeeType t = tee.orElse(looksTdx ? TeeType.TDX : TeeType.SNP);
    return switch (t) {
      case TDX -> new TdxEvidence(b, Optional.empty());
      case SNP -> new SnpEvidence(b, List.of());
      case SIM -> new SimulatedEvidence(b, List.of());
    };
  }

  private static Evidence hcl(byte[] b, List<byte[]> certs, Optional<TeeType> tee) {
    if (b.length < HCL_TYPE_OFFSET + 4) {
      throw malformed("truncated Azure HCL report");
    }
    long type = ByteReader.u32At(b, HCL_TYPE_OFFSET);
    if (type != 2 || tee.map(t -> t != TeeType.SNP).orElse(false)) {
      throw malformed(
          "this Azure HCL report holds a TDREPORT (type "
              + type
              + "), which is not remotely verifiable: verify the TD quote instead");
    }
    byte[] report = new ByteReader(b, HCL_REPORT_OFFSET, SnpReport.SIZE).bytes(SnpReport.SIZE);
    return new SnpEvidence(report, certs);
  }

  private static Evidence json(byte[] data, Optional<TeeType> tee) {
    JsonNode root;
    try {
      root = CanonicalJson.parse(data);
    } catch (CryptoException e) {
      throw malformed("evidence JSON: " + e.getMessage());
    }
    if (root.has("format")) {
      Evidence e = EvidenceJson.read(root);
      if (tee.isPresent() && tee.get() != e.tee()) {
        throw malformed("the container holds " + e.tee().id() + " evidence, not " + tee.get().id());
      }
      return e;
    }
    if (root.has("td_quote")) {
      return new TdxEvidence(
          EvidenceJson.decode(root.get("td_quote"), "td_quote"), Optional.empty());
    }
    JsonNode hcl = root.has("hcl_report") ? root.get("hcl_report") : root.get("report");
    if (hcl != null) {
      List<byte[]> certs = root.has("vcek") ? vcek(root.get("vcek")) : List.of();
      return hcl(EvidenceJson.decode(hcl, "hcl_report"), certs, tee);
    }
    throw malformed("unrecognized evidence JSON (no format, td_quote, hcl_report or report)");
  }

  private static List<byte[]> vcek(JsonNode n) {
    if (n.isTextual() && n.textValue().contains("-----BEGIN")) {
      return Certs.splitCertificates(n.textValue().getBytes(StandardCharsets.US_ASCII));
    }
    return List.of(EvidenceJson.decode(n, "vcek"));
  }

  private static AttestationException malformed(String message) {
    return new AttestationException(AttestationException.Code.MALFORMED_EVIDENCE, message);
  }
}
