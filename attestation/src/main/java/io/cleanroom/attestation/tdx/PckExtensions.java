package io.cleanroom.attestation.tdx;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.verify.Certs.ParsedCert;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.Extension;

/**
 * The Intel SGX extensions of a PCK certificate (OID 1.2.840.113741.1.13.1): the platform's SGX TCB
 * components and PCESVN, the PCE id, the FMSPC and the SGX type.
 *
 * @param sgxComponents the 16 SGX TCB component SVNs
 * @param pceSvn the PCE SVN
 * @param pceId the PCE id (hex)
 * @param fmspc the FMSPC (hex, lower case)
 * @param sgxType 0 Standard, 1 Scalable, 2 Scalable with integrity
 */
public record PckExtensions(
    int[] sgxComponents, int pceSvn, String pceId, String fmspc, int sgxType) {

  private static final String SGX = "1.2.840.113741.1.13.1";

  public PckExtensions {
    sgxComponents = sgxComponents.clone();
  }

  @Override
  public int[] sgxComponents() {
    return sgxComponents.clone();
  }

  /** Components as claims: {@code sgx.00}..{@code sgx.15} and {@code pcesvn}. */
  public Map<String, Integer> asTcb() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < 16; i++) {
      m.put(String.format("sgx.%02d", i), sgxComponents[i]);
    }
    m.put("pcesvn", pceSvn);
    return m;
  }

  /** Reads the extensions from a PCK certificate. */
  public static PckExtensions of(ParsedCert pck) {
    Extension ext = pck.holder().getExtension(new ASN1ObjectIdentifier(SGX));
    if (ext == null) {
      throw bad("PCK certificate has no SGX extensions");
    }
    try {
      int[] comps = new int[16];
      int pceSvn = -1;
      String pceId = null;
      String fmspc = null;
      int type = -1;
      for (ASN1Encodable e : ASN1Sequence.getInstance(ext.getParsedValue())) {
        ASN1Sequence pair = ASN1Sequence.getInstance(e);
        String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
        ASN1Encodable value = pair.getObjectAt(1);
        if (!oid.startsWith(SGX + ".")) {
          continue;
        }
        switch (oid.substring(SGX.length())) {
          case ".2" -> pceSvn = tcb(ASN1Sequence.getInstance(value), comps);
          case ".3" -> pceId = hex(value);
          case ".4" -> fmspc = hex(value);
          case ".5" -> type = ASN1Enumerated.getInstance(value).intValueExact();
          default -> {}
        }
      }
      if (pceSvn < 0 || pceId == null || fmspc == null) {
        throw bad("PCK certificate lacks TCB, PCE-ID or FMSPC");
      }
      return new PckExtensions(comps, pceSvn, pceId, fmspc, type);
    } catch (RuntimeException e) {
      // Bouncy Castle reports malformed ASN.1 with assorted runtime exceptions (wrong types,
      // missing elements, out-of-range integers): all mean the same to us.
      if (e instanceof AttestationException a) {
        throw a;
      }
      throw bad("malformed SGX extensions: " + e.getMessage());
    }
  }

  private static int tcb(ASN1Sequence tcb, int[] comps) {
    int pceSvn = -1;
    for (ASN1Encodable e : tcb) {
      ASN1Sequence pair = ASN1Sequence.getInstance(e);
      String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
      int n = Integer.parseInt(oid.substring(oid.lastIndexOf('.') + 1));
      ASN1Primitive v = pair.getObjectAt(1).toASN1Primitive();
      if (n >= 1 && n <= 16) {
        comps[n - 1] = ASN1Integer.getInstance(v).intValueExact();
      } else if (n == 17) {
        pceSvn = ASN1Integer.getInstance(v).intValueExact();
      }
    }
    return pceSvn;
  }

  private static String hex(ASN1Encodable v) {
    return HexFormat.of().formatHex(ASN1OctetString.getInstance(v).getOctets());
  }

  private static AttestationException bad(String message) {
    return new AttestationException(AttestationException.Code.MALFORMED_CERTIFICATE, message);
  }
}
