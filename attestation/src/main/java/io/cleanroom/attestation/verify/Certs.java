package io.cleanroom.attestation.verify;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.crypto.json.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * X.509 helpers for attestation: parsing PEM and DER (one or many), SHA-256 fingerprints, issuer
 * signature checks through an explicit Bouncy Castle provider, and raw ECDSA signatures.
 *
 * <p>Parsed certificates and signature outcomes are cached by fingerprint, so that verifying many
 * reports from the same platforms costs one ECDSA verification each.
 *
 * <p><b>Security:</b> the Bouncy Castle provider is used as an object, never installed globally.
 * Cached outcomes are keyed by the SHA-256 of both certificates' DER, so a cache hit is a check of
 * the same bytes.
 */
public final class Certs {

  /** The Bouncy Castle provider, used explicitly (never registered as a JCA default). */
  public static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private static final int CACHE_LIMIT = 4096;
  private static final Pattern PEM =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----", Pattern.DOTALL);
  private static final Map<String, ParsedCert> PARSED = new ConcurrentHashMap<>();
  private static final Map<String, Boolean> SIGNED_BY = new ConcurrentHashMap<>();

  private Certs() {}

  /** A parsed certificate with its DER, fingerprint and public key. */
  public record ParsedCert(byte[] der, String fingerprint, X509CertificateHolder holder) {

    /** The subject's common name, or the whole subject when it has none. */
    public String subjectCn() {
      return cn(holder.getSubject());
    }

    /** The issuer's common name. */
    public String issuerCn() {
      return cn(holder.getIssuer());
    }

    /** True when {@code at} lies in [notBefore, notAfter]. */
    public boolean validAt(Instant at) {
      return !at.isBefore(notBefore()) && !at.isAfter(notAfter());
    }

    public Instant notBefore() {
      return holder.getNotBefore().toInstant();
    }

    public Instant notAfter() {
      return holder.getNotAfter().toInstant();
    }

    /** The subject public key as a JCA key. */
    public PublicKey publicKey() {
      return Certs.publicKey(this);
    }
  }

  private static final Map<String, PublicKey> KEYS = new ConcurrentHashMap<>();

  /** Parses one DER certificate (cached by fingerprint). */
  public static ParsedCert parse(byte[] der) {
    String fp = fingerprint(der);
    ParsedCert cached = PARSED.get(fp);
    if (cached != null) {
      return cached;
    }
    X509CertificateHolder holder;
    try {
      holder = new X509CertificateHolder(der);
    } catch (IOException | RuntimeException e) {
      throw new AttestationException(
          AttestationException.Code.MALFORMED_CERTIFICATE, "not an X.509 certificate", e);
    }
    ParsedCert p = new ParsedCert(der.clone(), fp, holder);
    bounded(PARSED).put(fp, p);
    return p;
  }

  /** SHA-256 of the bytes, lower-case hex. */
  public static String fingerprint(byte[] der) {
    return Digests.hex(Digests.sha256(der));
  }

  /**
   * Splits PEM text (any number of CERTIFICATE blocks) or one or more concatenated DER certificates
   * into DER blobs.
   */
  public static List<byte[]> splitCertificates(byte[] data) {
    String text = new String(data, StandardCharsets.ISO_8859_1);
    if (text.contains("-----BEGIN")) {
      return pemBlocks(text, "CERTIFICATE");
    }
    List<byte[]> out = new ArrayList<>();
    try (ASN1InputStream in = new ASN1InputStream(new ByteArrayInputStream(data), data.length)) {
      ASN1Primitive obj;
      while ((obj = in.readObject()) != null) {
        out.add(obj.getEncoded("DER"));
      }
    } catch (IOException | RuntimeException e) {
      throw new AttestationException(
          AttestationException.Code.MALFORMED_CERTIFICATE, "neither PEM nor DER certificates", e);
    }
    if (out.isEmpty()) {
      throw new AttestationException(
          AttestationException.Code.MALFORMED_CERTIFICATE, "no certificate found");
    }
    return out;
  }

  /** The base64 payloads of the PEM blocks of the given type, decoded. */
  public static List<byte[]> pemBlocks(String text, String type) {
    List<byte[]> out = new ArrayList<>();
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        try {
          out.add(Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
          throw new AttestationException(
              AttestationException.Code.MALFORMED_CERTIFICATE, "bad base64 in PEM block", e);
        }
      }
    }
    return out;
  }

  /**
   * The common name of a distinguished name, or its string form when it has no CN. Names come from
   * untrusted certificates and CRLs: one that cannot be decoded (e.g. a UTF8String that is not
   * UTF-8, which Bouncy Castle only notices when the text is read) yields a placeholder.
   */
  public static String cn(X500Name name) {
    try {
      RDN[] rdns = name.getRDNs(BCStyle.CN);
      if (rdns.length == 0) {
        return name.toString();
      }
      return IETFUtils.valueToString(rdns[0].getFirst().getValue());
    } catch (RuntimeException undecodable) {
      return "(undecodable name)";
    }
  }

  /**
   * Whether two distinguished names are the same, as X.500 compares them; a name that cannot be
   * decoded equals only a name of identical DER encoding.
   */
  public static boolean sameName(X500Name a, X500Name b) {
    try {
      return a.equals(b);
    } catch (RuntimeException undecodable) {
      try {
        return Arrays.equals(a.getEncoded("DER"), b.getEncoded("DER"));
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }
  }

  /** Whether {@code issuer}'s key verifies {@code cert}'s signature (cached by both DERs). */
  public static boolean signedBy(ParsedCert cert, ParsedCert issuer) {
    String key = cert.fingerprint() + issuer.fingerprint();
    Boolean cached = SIGNED_BY.get(key);
    if (cached != null) {
      return cached;
    }
    boolean ok;
    try {
      ContentVerifierProvider v =
          new JcaContentVerifierProviderBuilder().setProvider(BC).build(issuer.holder());
      ok = cert.holder().isSignatureValid(v);
    } catch (Exception e) {
      ok = false;
    }
    bounded(SIGNED_BY).put(key, ok);
    return ok;
  }

  /** The JCA public key of a certificate (EC or RSA), cached. */
  static PublicKey publicKey(ParsedCert cert) {
    return KEYS.computeIfAbsent(
        cert.fingerprint(),
        fp -> {
          try {
            byte[] spki = cert.holder().getSubjectPublicKeyInfo().getEncoded();
            String alg =
                cert.holder()
                        .getSubjectPublicKeyInfo()
                        .getAlgorithm()
                        .getAlgorithm()
                        .getId()
                        .equals("1.2.840.10045.2.1")
                    ? "EC"
                    : "RSA";
            // Bouncy Castle keys: its ECDSA keeps per-key precomputation on the key's point, so a
            // cached key makes every later verification with it faster (see verifyRawEcdsa).
            return KeyFactory.getInstance(alg, BC).generatePublic(new X509EncodedKeySpec(spki));
          } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // Bouncy Castle refuses points off the curve with runtime exceptions.
            throw new AttestationException(
                AttestationException.Code.MALFORMED_CERTIFICATE, "unusable public key", e);
          }
        });
  }

  /**
   * Verifies a raw (r || s, big-endian, fixed width) ECDSA signature with Bouncy Castle, which
   * keeps per-key precomputation on a cached key's point: with the keys of {@link #publicKey} it
   * verifies P-384 about 7 times and P-256 about 11 times as fast as the JDK here ({@code cleanroom
   * bench attest} measures both).
   *
   * @param hash "SHA256" or "SHA384"
   */
  public static boolean verifyRawEcdsa(PublicKey key, String hash, byte[] data, byte[] rs) {
    return verifyRawEcdsa(key, hash, data, 0, data.length, rs);
  }

  /** As {@link #verifyRawEcdsa(PublicKey, String, byte[], byte[])} over a slice of {@code data}. */
  public static boolean verifyRawEcdsa(
      PublicKey key, String hash, byte[] data, int off, int len, byte[] rs) {
    try {
      Signature s = Signature.getInstance(hash + "withPLAIN-ECDSA", BC);
      s.initVerify(key);
      s.update(data, off, len);
      return s.verify(rs);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * As {@link #verifyRawEcdsa(PublicKey, String, byte[], byte[])} with the key of {@code signer},
   * remembering the outcome by the signer's fingerprint and the SHA-256 of data and signature: for
   * signed collateral that many verifications share (TCB info, QE identity).
   */
  public static boolean verifyRawEcdsaCached(
      ParsedCert signer, String hash, byte[] data, byte[] rs) {
    String key = signer.fingerprint() + hash + Digests.hex(Digests.sha256(data)) + fingerprint(rs);
    Boolean cached = SIGNED_BY.get(key);
    if (cached != null) {
      return cached;
    }
    boolean ok;
    try {
      ok = verifyRawEcdsa(signer.publicKey(), hash, data, rs);
    } catch (AttestationException unusableKey) {
      ok = false;
    }
    bounded(SIGNED_BY).put(key, ok);
    return ok;
  }

  /**
   * Whether {@code issuer}'s key verifies the CRL's signature, cached by both DERs; {@code crlDer}
   * is the encoding {@code crl} was parsed from.
   */
  public static boolean crlSignedBy(byte[] crlDer, X509CRLHolder crl, ParsedCert issuer) {
    String key = "crl" + fingerprint(crlDer) + issuer.fingerprint();
    Boolean cached = SIGNED_BY.get(key);
    if (cached != null) {
      return cached;
    }
    boolean ok;
    try {
      ok =
          crl.isSignatureValid(
              new JcaContentVerifierProviderBuilder().setProvider(BC).build(issuer.holder()));
    } catch (Exception e) {
      ok = false;
    }
    bounded(SIGNED_BY).put(key, ok);
    return ok;
  }

  /** True when {@code at} is inside the certificate's validity. */
  public static boolean validAt(X509CertificateHolder h, Instant at) {
    return h.isValidOn(Date.from(at));
  }

  private static <K, V> Map<K, V> bounded(Map<K, V> map) {
    if (map.size() > CACHE_LIMIT) {
      map.clear();
    }
    return map;
  }
}
