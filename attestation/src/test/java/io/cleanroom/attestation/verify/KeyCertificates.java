package io.cleanroom.attestation.verify;

import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.tdx.TdxQuote;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;

/**
 * Genuine key certificates (an AMD VCEK, an Intel PCK) and copies of them with one extension
 * replaced, as an attacker who controls the evidence could send. The copies keep the original
 * signature, which no longer verifies: they test what is parsed before any signature is checked.
 */
final class KeyCertificates {

  /** AMD's VCEK/VLEK extension arc. */
  static final String AMD = "1.3.6.1.4.1.3704.1.";

  /** Intel's SGX extension of PCK certificates. */
  static final String SGX = "1.2.840.113741.1.13.1";

  private KeyCertificates() {}

  /** A genuine Milan VCEK (DER). */
  static byte[] vcek() {
    return Samples.read("sev-snp/virtee-sev/vcek_milan.der");
  }

  /** A genuine PCK leaf certificate (DER), from a genuine quote. */
  static byte[] pck() {
    return TdxQuote.parse(Samples.read("tdx/dcap-qvl/tdx_quote")).pckChain().get(0);
  }

  /** The DER content of extension {@code oid} of a certificate. */
  static byte[] extension(byte[] der, String oid) {
    Extension e =
        Certificate.getInstance(der)
            .getTBSCertificate()
            .getExtensions()
            .getExtension(new ASN1ObjectIdentifier(oid));
    return e.getExtnValue().getOctets();
  }

  /** The certificate with extension {@code oid} set to {@code content} (signature unchanged). */
  static byte[] withExtension(byte[] der, String oid, byte[] content) {
    Certificate c = Certificate.getInstance(der);
    ASN1ObjectIdentifier id = new ASN1ObjectIdentifier(oid);
    Extensions old = c.getTBSCertificate().getExtensions();
    ExtensionsGenerator g = new ExtensionsGenerator();
    for (ASN1ObjectIdentifier o : old.getExtensionOIDs()) {
      if (!o.equals(id)) {
        g.addExtension(old.getExtension(o));
      }
    }
    g.addExtension(new Extension(id, false, new DEROctetString(content)));
    ASN1EncodableVector tbs = new ASN1EncodableVector();
    for (ASN1Encodable field : ASN1Sequence.getInstance(c.getTBSCertificate())) {
      boolean isExtensions = field instanceof ASN1TaggedObject t && t.getTagNo() == 3;
      tbs.add(isExtensions ? new DERTaggedObject(true, 3, g.generate()) : field);
    }
    try {
      return new DERSequence(
              new ASN1Encodable[] {
                new DERSequence(tbs), c.getSignatureAlgorithm(), c.getSignature()
              })
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
