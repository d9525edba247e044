package io.cleanroom.attestation.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A lookalike of a genuine certificate chain, as an attacker would build it: every certificate
 * keeps the genuine subject, issuer, validity and extensions (TCB, chip id, FMSPC...), but the keys
 * are the attacker's, ending at a self-signed root that merely carries the vendor root's name.
 *
 * @param chain the lookalike certificates (DER), leaf first
 * @param leafKey the private key of the lookalike leaf, to sign evidence with
 */
public record Lookalike(List<byte[]> chain, PrivateKey leafKey) {

  /**
   * Reissues {@code genuine} (DER, leaf first, root last) with fresh EC keys on {@code curve}
   * ("secp384r1" or "secp256r1"), each certificate signed with {@code signatureAlgorithm}.
   */
  public static Lookalike of(List<byte[]> genuine, String curve, String signatureAlgorithm) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      int n = genuine.size();
      KeyPair[] keys = new KeyPair[n];
      for (int i = 0; i < n; i++) {
        keys[i] = g.generateKeyPair();
      }
      List<byte[]> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        PrivateKey signer = keys[Math.min(i + 1, n - 1)].getPrivate();
        out.add(
            reissue(
                new X509CertificateHolder(genuine.get(i)), keys[i], signer, signatureAlgorithm));
      }
      return new Lookalike(out, keys[0].getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] reissue(
      X509CertificateHolder genuine, KeyPair key, PrivateKey signer, String algorithm)
      throws IOException, OperatorCreationException {
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            genuine.getIssuer(),
            genuine.getSerialNumber().signum() > 0 ? genuine.getSerialNumber() : BigInteger.ONE,
            genuine.getNotBefore(),
            genuine.getNotAfter(),
            genuine.getSubject(),
            key.getPublic());
    for (Object oid : genuine.getExtensionOIDs()) {
      Extension e = genuine.getExtension((ASN1ObjectIdentifier) oid);
      b.addExtension(e);
    }
    return b.build(new JcaContentSignerBuilder(algorithm).setProvider(Certs.BC).build(signer))
        .getEncoded();
  }
}
