package io.cleanroom.crypto.receipt;

import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.KeyAccess;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * An enclave's Ed25519 signing key pair, generated in memory when the enclave starts; its public
 * half is bound into the enclave's attestation evidence ({@link EnclaveIdentityBinding}) and signs
 * every receipt ({@link Receipts#sign}).
 *
 * <p><b>Security:</b> the private key never leaves this object: there is no accessor. {@link
 * #close()} drops it, after which signing refuses with {@link IllegalStateException}. Wiping is
 * best effort: the JDK's key object keeps its own copy until the garbage collector frees it. {@link
 * #toString()} shows only the public key. Instances are not serializable.
 */
public final class ReceiptSigningKey implements AutoCloseable {

  /** Length of a raw Ed25519 public key. */
  public static final int PUBLIC_KEY_BYTES = 32;

  /** Length of an Ed25519 signature. */
  public static final int SIGNATURE_BYTES = 64;

  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410) before the 32 raw bytes. */
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private volatile PrivateKey privateKey;
  private final byte[] publicKey;

  private ReceiptSigningKey(KeyPair pair) {
    this(pair.getPrivate(), rawPublicKey(pair.getPublic()));
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
   * A key pair kept by a service that must sign under the same key across restarts (the key
   * broker's and the portal's log keys): the private key as PKCS#8 and its raw public key, as
   * {@link #encodedPrivateKey} gave them. The two are checked to belong together by signing and
   * verifying.
   *
   * @throws CryptoException {@code MALFORMED_KEY} when the bytes are not an Ed25519 pair
   */
  public static ReceiptSigningKey fromEncoded(
      byte[] pkcs8PrivateKey, byte[] rawPublicKey, KeyAccess access) {
    java.util.Objects.requireNonNull(access, "access");
    PrivateKey priv;
    try {
      priv =
          KeyFactory.getInstance("Ed25519")
              .generatePrivate(new PKCS8EncodedKeySpec(pkcs8PrivateKey));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not an Ed25519 private key");
    }
    if (rawPublicKey.length != PUBLIC_KEY_BYTES) {
      throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not an Ed25519 public key");
    }
    ReceiptSigningKey key = new ReceiptSigningKey(priv, rawPublicKey.clone());
    byte[] probe = "cleanroom key pair check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (!verify(rawPublicKey, probe, key.sign(probe))) {
      key.close();
      throw new CryptoException(
          CryptoException.Code.MALFORMED_KEY, "the public key does not belong to the private key");
    }
    return key;
  }

  /**
   * The private key as PKCS#8 DER, for a service that stores it sealed or in an owner-only file.
   */
  public byte[] encodedPrivateKey(KeyAccess access) {
    java.util.Objects.requireNonNull(access, "access");
    PrivateKey key = privateKey;
    if (key == null) {
      throw new IllegalStateException("receipt signing key was closed");
    }
    return key.getEncoded();
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
