package io.cleanroom.crypto.hpke;

import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.subtle.X25519;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.KeyAccess;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An enclave's X25519 HPKE key pair, generated in memory when the enclave starts; its public half
 * goes into the attestation's runtime data and the key broker seals dataset keys to it.
 *
 * <p><b>Security:</b> the private key leaves this object only through {@link
 * #privateKeyBytes(KeyAccess)}; {@link #close()} overwrites it, after which opening refuses with
 * {@link IllegalStateException}. Wiping is best effort: each {@link KeyWrap#open} hands Tink a
 * short-lived copy inside its own key objects, which the JVM frees but does not zero. {@link
 * #toString()} shows only the public key. Instances are not serializable.
 */
public final class EnclaveKeyPair implements AutoCloseable {

  private final byte[] privateKey;
  private final EnclavePublicKey publicKey;
  private volatile boolean destroyed;

  private EnclaveKeyPair(byte[] privateKey) {
    if (privateKey.length != HpkeSuite.X25519_KEY_BYTES) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_KEY,
          "an X25519 private key has " + HpkeSuite.X25519_KEY_BYTES + " bytes");
    }
    try {
      this.publicKey = EnclavePublicKey.fromBytes(X25519.publicFromPrivate(privateKey));
    } catch (InvalidKeyException e) {
      throw new CryptoException(CryptoException.Code.MALFORMED_KEY, "not an X25519 private key");
    }
    this.privateKey = privateKey;
  }

  /** A fresh key pair from the system's secure random source. */
  public static EnclaveKeyPair generate() {
    return new EnclaveKeyPair(X25519.generatePrivateKey());
  }

  /** A key pair from a 32-byte X25519 private key (copied), e.g. a test vector's {@code skRm}. */
  public static EnclaveKeyPair fromPrivateKey(byte[] raw, KeyAccess access) {
    Objects.requireNonNull(access, "access");
    return new EnclaveKeyPair(raw.clone());
  }

  /** The public half, to publish in runtime data. Available after {@link #close()} too. */
  public EnclavePublicKey publicKey() {
    return publicKey;
  }

  /** A copy of the 32-byte private key; the caller wipes it when done. */
  public byte[] privateKeyBytes(KeyAccess access) {
    Objects.requireNonNull(access, "access");
    return live().clone();
  }

  /** Tink's view of the private key, built afresh for one open. */
  HpkePrivateKey tinkPrivateKey() throws GeneralSecurityException {
    return HpkeSuite.privateKey(publicKey.tinkKey(), live());
  }

  private byte[] live() {
    if (destroyed) {
      throw new IllegalStateException("enclave key pair was closed");
    }
    return privateKey;
  }

  /** Overwrites the private key; the pair can no longer open sealed keys. */
  @Override
  public void close() {
    destroyed = true;
    Arrays.fill(privateKey, (byte) 0);
  }

  @Override
  public String toString() {
    return "EnclaveKeyPair[public=" + publicKey.toBase64Url() + "]";
  }
}
