package io.cleanroom.crypto.receipt;

import com.google.crypto.tink.subtle.Ed25519Sign;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.KeyAccess;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An Ed25519 signing key pair: the enclave's, generated in memory when the enclave starts, whose
 * public half is bound into the enclave's attestation evidence ({@link EnclaveIdentityBinding}) and
 * signs every receipt ({@link Receipts#sign}); or a service's log key ({@link LogEntries}), which
 * the service keeps sealed at rest and opens with {@link #fromBytes}.
 *
 * <p><b>Security:</b> the private key leaves this object only through {@link #toBytes(KeyAccess)}
 * (the 32-byte RFC 8032 seed, for sealing it at rest). {@link #close()} drops it, after which
 * signing refuses with {@link IllegalStateException}. Wiping is best effort: the JDK's key object
 * keeps its own copy until the garbage collector frees it. {@link #toString()} shows only the
 * public key. Instances are not serializable.
 */
public final class ReceiptSigningKey implements AutoCloseable {

  /** Length of a raw Ed25519 public key. */
  public static final int PUBLIC_KEY_BYTES = 32;

  /** Length of an Ed25519 signature. */
  public static final int SIGNATURE_BYTES = 64;

  /** Length of a raw Ed25519 private key (the RFC 8032 seed). */
  public static final int PRIVATE_KEY_BYTES = 32;

  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410) before the 32 raw bytes. */
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private volatile PrivateKey privateKey;
  private final byte[] publicKey;

  private ReceiptSigningKey(KeyPair pair) {
    this.privateKey = pair.getPrivate();
    this.publicKey = rawPublicKey(pair.getPublic());
  }

  private ReceiptSigningKey(PrivateKey privateKey, byte[] publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** A fresh key pair from the system's secure random source. */
  public static ReceiptSigningKey generate() {
    try {
      return new ReceiptSigningKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /**
   * The key pair of a raw private key (the 32-byte seed {@link #toBytes} returned; not kept: the
   * caller wipes it). The public key is derived from it.
   */
  public static ReceiptSigningKey fromBytes(byte[] seed, KeyAccess access) {
    Objects.requireNonNull(access, "access");
    if (seed.length != PRIVATE_KEY_BYTES) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_KEY,
          "an Ed25519 private key has " + PRIVATE_KEY_BYTES + " bytes");
    }
    try {
      byte[] publicKey = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed).getPublicKey();
      PrivateKey privateKey =
          KeyFactory.getInstance("Ed25519")
              .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
      return new ReceiptSigningKey(privateKey, publicKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /** A copy of the raw private key (the 32-byte RFC 8032 seed); the caller wipes it when done. */
  public byte[] toBytes(KeyAccess access) {
    Objects.requireNonNull(access, "access");
    PrivateKey key = privateKey;
    if (key == null) {
      throw new IllegalStateException("receipt signing key was closed");
    }
    if (!(key instanceof EdECPrivateKey ed)) {
      throw new IllegalStateException("not an Ed25519 private key: " + key.getAlgorithm());
    }
    return ed.getBytes()
        .orElseThrow(() -> new IllegalStateException("the Ed25519 private key is not extractable"));
  }

  /** A copy of the 32-byte raw public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The public key as unpadded base64url (43 characters), the form used in JSON. */
  public String publicKeyBase64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(publicKey);
  }

  /** The 64-byte Ed25519 signature of {@code message}. */
  public byte[] sign(byte[] message) {
    PrivateKey key = privateKey;
    if (key == null) {
      throw new IllegalStateException("receipt signing key was closed");
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** Whether {@code signature} is a valid Ed25519 signature of {@code message} by {@code key}. */
  public static boolean verify(byte[] key, byte[] message, byte[] signature) {
    if (key.length != PUBLIC_KEY_BYTES || signature.length != SIGNATURE_BYTES) {
      return false;
    }
    try {
      byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + PUBLIC_KEY_BYTES);
      System.arraycopy(key, 0, spki, SPKI_PREFIX.length, PUBLIC_KEY_BYTES);
      PublicKey pub =
          KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(pub);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** Drops the private key; the pair can no longer sign. */
  @Override
  public void close() {
    privateKey = null;
  }

  @Override
  public String toString() {
    return "ReceiptSigningKey[public=" + publicKeyBase64Url() + "]";
  }

  private static byte[] rawPublicKey(PublicKey key) {
    byte[] der = key.getEncoded();
    if (der.length != SPKI_PREFIX.length + PUBLIC_KEY_BYTES
        || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not an Ed25519 public key");
    }
    return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
  }
}
