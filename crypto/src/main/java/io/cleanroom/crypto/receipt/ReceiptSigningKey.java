package io.cleanroom.crypto.receipt;

import com.google.crypto.tink.subtle.Ed25519Sign;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.KeyAccess;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
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
 * (the 32-byte RFC 8032 seed, for sealing it at rest). {@link #close()} overwrites it, after which
 * signing refuses with {@link IllegalStateException}. Wiping is best effort: the signer (Tink's
 * {@code Ed25519Sign}, about 3.5 times as fast as the JDK's Ed25519 here) keeps the derived secret
 * scalar until the garbage collector frees it. {@link #toString()} shows only the public key.
 * Instances are not serializable.
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

  private final byte[] seed;
  private final byte[] publicKey;
  private volatile Ed25519Sign signer;

  private ReceiptSigningKey(byte[] seed, byte[] publicKey) throws GeneralSecurityException {
    this.seed = seed;
    this.publicKey = publicKey;
    this.signer = new Ed25519Sign(seed);
  }

  /** A fresh key pair from the system's secure random source. */
  public static ReceiptSigningKey generate() {
    try {
      Ed25519Sign.KeyPair pair = Ed25519Sign.KeyPair.newKeyPair();
      return new ReceiptSigningKey(pair.getPrivateKey(), pair.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available", e);
    }
  }

  /**
   * The key pair of a raw private key (the 32-byte seed {@link #toBytes} returned; copied: the
   * caller wipes its array). The public key is derived from it.
   */
  public static ReceiptSigningKey fromBytes(byte[] seed, KeyAccess access) {
    Objects.requireNonNull(access, "access");
    if (seed.length != PRIVATE_KEY_BYTES) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_KEY,
          "an Ed25519 private key has " + PRIVATE_KEY_BYTES + " bytes");
    }
    try {
      byte[] copy = seed.clone();
      return new ReceiptSigningKey(
          copy, Ed25519Sign.KeyPair.newKeyPairFromSeed(copy).getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available", e);
    }
  }

  /** A copy of the raw private key (the 32-byte RFC 8032 seed); the caller wipes it when done. */
  public byte[] toBytes(KeyAccess access) {
    Objects.requireNonNull(access, "access");
    live();
    return seed.clone();
  }

  /** A copy of the 32-byte raw public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The public key as unpadded base64url (43 characters), the form used in JSON. */
  public String publicKeyBase64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(publicKey);
  }

  /**
   * The 64-byte Ed25519 signature of {@code message} (RFC 8032: deterministic, the same bytes as
   * any conforming implementation's).
   */
  public byte[] sign(byte[] message) {
    try {
      return live().sign(message);
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

  /** Overwrites the private key; the pair can no longer sign. */
  @Override
  public void close() {
    signer = null;
    Arrays.fill(seed, (byte) 0);
  }

  @Override
  public String toString() {
    return "ReceiptSigningKey[public=" + publicKeyBase64Url() + "]";
  }

  private Ed25519Sign live() {
    Ed25519Sign s = signer;
    if (s == null) {
      throw new IllegalStateException("receipt signing key was closed");
    }
    return s;
  }
}
