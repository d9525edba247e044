package io.cleanroom.crypto.hpke;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.hybrid.subtle.HpkeDecrypt;
import com.google.crypto.tink.hybrid.subtle.HpkeEncrypt;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Seals a dataset key (DEK) to an enclave's public key and opens it inside the enclave, with HPKE
 * (RFC 9180) in base mode, suite DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM, as
 * implemented by Tink.
 *
 * <p><b>Wire format</b> (always {@value #SEALED_BYTES} bytes, no prefix, no version byte):
 *
 * <pre>
 *   sealed = enc (32 bytes: the sender's ephemeral X25519 public key)
 *         || ct  (32 bytes: the DEK encrypted with AES-256-GCM)
 *         || tag (16 bytes: the GCM tag)
 * </pre>
 *
 * produced by {@code SetupBaseS(pkR, info)} then {@code Seal(aad = "", pt = DEK)}, where
 *
 * <pre>
 *   info = "cleanroom key release v1" (24 ASCII bytes) || 0x00 || associatedData
 * </pre>
 *
 * <p>The caller's associated data (the runtime binding) goes into HPKE's {@code info}, not its
 * {@code aad}: Tink's public HPKE API ({@link com.google.crypto.tink.HybridEncrypt}) takes one
 * context string, used as {@code info}, and seals with an empty {@code aad}. Both are
 * authenticated; {@code info} enters the key schedule, so a different binding yields a different
 * key and the tag fails. The label has a fixed length and no NUL, so {@code info} determines the
 * associated data uniquely. An implementation in another language reproduces this with any RFC 9180
 * library.
 *
 * <p><b>Security:</b> only the holder of the recipient's private key can open, and only with the
 * same associated data; any change to {@code enc}, {@code ct} or {@code tag}, truncation or a wrong
 * key fails with one deliberately vague {@link CryptoException.Code#HPKE_OPEN_FAILED}. The sender
 * is not authenticated (base mode): the key broker is trusted to send over TLS, and the binding
 * says which attested session a key was released to. Each seal draws a fresh ephemeral key, so
 * sealing the same DEK twice gives unrelated outputs.
 */
public final class KeyWrap {

  /** The protocol label at the start of HPKE's {@code info}. */
  public static final String INFO_LABEL = "cleanroom key release v1";

  /** Length of a sealed dataset key: enc (32) + ciphertext (32) + tag (16). */
  public static final int SEALED_BYTES = 80;

  private static final byte[] INFO_PREFIX = (INFO_LABEL + "\0").getBytes(StandardCharsets.US_ASCII);

  private KeyWrap() {}

  /** Seals a dataset key to {@code to}, bound to {@code associatedData}. */
  public static byte[] seal(EnclavePublicKey to, DatasetKey dek, byte[] associatedData) {
    byte[] raw = dek.toBytes(KeyAccess.rawKeyMaterial());
    try {
      return seal(to, raw, associatedData);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** Seals 32 raw DEK bytes to {@code to}, bound to {@code associatedData}. */
  public static byte[] seal(EnclavePublicKey to, byte[] dek, byte[] associatedData) {
    if (dek.length != DatasetKey.KEY_BYTES) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_KEY,
          "a dataset key has " + DatasetKey.KEY_BYTES + " bytes");
    }
    try {
      return HpkeEncrypt.create(to.tinkKey()).encrypt(dek, info(associatedData));
    } catch (GeneralSecurityException e) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_KEY, "cannot seal to this enclave public key");
    }
  }

  /**
   * Opens a sealed dataset key with the enclave's key pair and the associated data it was sealed
   * with.
   *
   * @throws CryptoException {@code HPKE_OPEN_FAILED} whatever the reason
   * @throws IllegalStateException if {@code me} was closed
   */
  public static DatasetKey open(EnclaveKeyPair me, byte[] sealed, byte[] associatedData) {
    if (sealed.length != SEALED_BYTES) {
      throw openFailed();
    }
    byte[] raw;
    try {
      HybridDecrypt decrypt = HpkeDecrypt.create(me.tinkPrivateKey());
      raw = decrypt.decrypt(sealed, info(associatedData));
    } catch (GeneralSecurityException e) {
      throw openFailed();
    }
    try {
      if (raw.length != DatasetKey.KEY_BYTES) {
        throw openFailed();
      }
      return DatasetKey.fromBytes(raw, KeyAccess.rawKeyMaterial());
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** HPKE's {@code info}: the label, a NUL, then the associated data. */
  static byte[] info(byte[] associatedData) {
    byte[] info = Arrays.copyOf(INFO_PREFIX, INFO_PREFIX.length + associatedData.length);
    System.arraycopy(associatedData, 0, info, INFO_PREFIX.length, associatedData.length);
    return info;
  }

  private static CryptoException openFailed() {
    return new CryptoException(
        CryptoException.Code.HPKE_OPEN_FAILED, "the sealed dataset key does not open");
  }
}
