package io.cleanroom.attestation.snp;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.evidence.SigningKeyKind;
import io.cleanroom.attestation.verify.Certs.ParsedCert;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.Extension;

/**
 * The AMD extensions of a VCEK or VLEK certificate (OIDs under 1.3.6.1.4.1.3704.1): product name,
 * the TCB SPLs the key was derived for, the chip's hardware id (VCEK) or the CSP id (VLEK).
 *
 * @param cert the parsed certificate
 * @param kind VCEK (has a hwID) or VLEK (has a cspID)
 * @param productName e.g. "Milan-B0"
 * @param tcb the SPLs by component name, as in {@link SnpTcb#components()}
 * @param hwId the chip id (64 bytes, or 8 on Turin), for VCEKs
 * @param cspId the cloud provider id, for VLEKs
 */
public record AmdKeyCert(
    ParsedCert cert,
    SigningKeyKind kind,
    String productName,
    Map<String, Integer> tcb,
    Optional<byte[]> hwId,
    Optional<String> cspId) {

  private static final String BASE = "1.3.6.1.4.1.3704.1.";

  /** True when the certificate carries AMD's TCB extension (it is a VCEK or VLEK). */
  public static boolean isKeyCert(ParsedCert cert) {
    return cert.holder().getExtension(new ASN1ObjectIdentifier(BASE + "3.1")) != null;
  }

  /** Reads the extensions; throws when a required one is missing or malformed. */
  public static AmdKeyCert of(ParsedCert cert, SnpProduct product) {
    String name = string(cert, "2").orElse("");
    Map<String, Integer> tcb = new LinkedHashMap<>();
    if (product.turinLayout()) {
      tcb.put(SnpTcb.FMC, integer(cert, "3.9").orElse(0));
    }
    tcb.put(SnpTcb.BOOTLOADER, required(cert, "3.1"));
    tcb.put(SnpTcb.TEE, required(cert, "3.2"));
    tcb.put(SnpTcb.SNP, required(cert, "3.3"));
    tcb.put(SnpTcb.MICROCODE, required(cert, "3.8"));
    Optional<byte[]> hwId = hwId(cert);
    Optional<String> csp = string(cert, "5");
    SigningKeyKind kind = hwId.isPresent() ? SigningKeyKind.VCEK : SigningKeyKind.VLEK;
    return new AmdKeyCert(cert, kind, name, tcb, hwId, csp);
  }

  private static int required(ParsedCert cert, String suffix) {
    return integer(cert, suffix)
        .orElseThrow(
            () ->
                new AttestationException(
                    AttestationException.Code.MALFORMED_CERTIFICATE,
                    "key certificate lacks AMD extension " + BASE + suffix));
  }

  private static Optional<byte[]> octets(ParsedCert cert, String suffix) {
    Extension ext = cert.holder().getExtension(new ASN1ObjectIdentifier(BASE + suffix));
    return ext == null ? Optional.empty() : Optional.of(ext.getExtnValue().getOctets());
  }

  private static Optional<Integer> integer(ParsedCert cert, String suffix) {
    return octets(cert, suffix).map(o -> intValue(parse(o, ASN1Integer.class)));
  }

  private static Optional<String> string(ParsedCert cert, String suffix) {
    return octets(cert, suffix).map(o -> text(parse(o, ASN1String.class), suffix));
  }

  private static String text(ASN1String value, String suffix) {
    try {
      return value.getString();
    } catch (IllegalArgumentException e) {
      // Bouncy Castle decodes a UTF8String only when asked, and refuses invalid UTF-8 then.
      throw new AttestationException(
          AttestationException.Code.MALFORMED_CERTIFICATE,
          "AMD extension " + BASE + suffix + " is not a valid string",
          e);
    }
  }

  private static Optional<byte[]> hwId(ParsedCert cert) {
    return octets(cert, "4")
        .map(
            o -> {
              // AMD encodes hwID as raw bytes; some tools wrap it in a DER OCTET STRING.
              if (o.length >= 2 && o[0] == 0x04 && (o[1] & 0xff) == o.length - 2) {
                return Arrays.copyOfRange(o, 2, o.length);
              }
              return o;
            });
  }

  private static int intValue(ASN1Integer value) {
    try {
      return value.intValueExact();
    } catch (ArithmeticException e) {
      throw new AttestationException(
          AttestationException.Code.MALFORMED_CERTIFICATE, "AMD extension value out of range", e);
    }
  }

  private static <T> T parse(byte[] octets, Class<T> type) {
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(octets);
      if (type.isInstance(p)) {
        return type.cast(p);
      }
    } catch (IOException | RuntimeException e) {
      throw new AttestationException(
          AttestationException.Code.MALFORMED_CERTIFICATE, "malformed AMD extension", e);
    }
    throw new AttestationException(
        AttestationException.Code.MALFORMED_CERTIFICATE,
        "AMD extension is not a " + type.getSimpleName());
  }
}
