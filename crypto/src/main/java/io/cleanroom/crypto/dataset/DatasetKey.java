package io.cleanroom.crypto.dataset;

import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.subtle.Hkdf;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.json.Digests;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The data encryption key (DEK) of one dataset version: 32 random bytes, used with Tink's
 * AES-GCM-HKDF streaming AEAD (AES-256, 1 MiB segments) for the column streams and, through HKDF,
 * for the header's authentication tag.
 *
 * <p>The key id is a public, collision-resistant name for the key (a truncated SHA-256 of the key
 * under a fixed label) so that a reader can say "wrong key" before trying to decrypt.
 *
 * <p><b>Security:</b> the raw bytes leave this object only through {@link #toBytes(KeyAccess)};
 * {@link #close()} overwrites them. Instances are not serializable and {@link #toString()} never
 * shows the key.
 */
public final class DatasetKey implements AutoCloseable {

  /** Key length in bytes (AES-256). */
  public static final int KEY_BYTES = 32;

  /** The cipher name recorded in sealed headers. */
  public static final String CIPHER = "AES256_GCM_HKDF_1MB";

  /** Tink's ciphertext segment size for {@link #CIPHER}. */
  public static final int SEGMENT_BYTES = 1 << 20;

  private static final byte[] KEY_ID_LABEL =
      "cleanroom/dataset-key-id/v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;
  private final String keyId;
  private volatile boolean destroyed;

  private DatasetKey(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_KEY, "a dataset key has " + KEY_BYTES + " bytes");
    }
    this.key = key;
    MessageDigest md = Digests.newDigest("SHA-256");
    md.update(KEY_ID_LABEL);
    md.update(key);
    this.keyId =
        Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(md.digest(), 16));
  }

  /** A fresh random key. */
  public static DatasetKey generate() {
    byte[] raw = new byte[KEY_BYTES];
    RANDOM.nextBytes(raw);
    return new DatasetKey(raw);
  }

  /** A key from raw bytes (copied). */
  public static DatasetKey fromBytes(byte[] raw, KeyAccess access) {
    Objects.requireNonNull(access, "access");
    return new DatasetKey(raw.clone());
  }

  /** A copy of the raw key bytes; the caller wipes it when done. */
  public byte[] toBytes(KeyAccess access) {
    Objects.requireNonNull(access, "access");
    return live().clone();
  }

  /** The public key id recorded in sealed headers. */
  public String keyId() {
    return keyId;
  }

  /** The streaming AEAD primitive for column streams. */
  StreamingAead streamingAead() {
    try {
      return new AesGcmHkdfStreaming(live(), "HmacSha256", KEY_BYTES, SEGMENT_BYTES, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM-HKDF streaming is available in every JDK", e);
    }
  }

  /** A subkey derived with HKDF-SHA256 (empty salt) for the given purpose label. */
  byte[] deriveSubkey(String label, int length) {
    try {
      return Hkdf.computeHkdf(
          "HMACSHA256", live(), new byte[0], label.getBytes(StandardCharsets.US_ASCII), length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HKDF-SHA256 is available in every JDK", e);
    }
  }

  private byte[] live() {
    if (destroyed) {
      throw new IllegalStateException("dataset key was closed");
    }
    return key;
  }

  /** Overwrites the key bytes; the key is unusable afterwards. */
  @Override
  public void close() {
    destroyed = true;
    Arrays.fill(key, (byte) 0);
  }

  @Override
  public String toString() {
    return "DatasetKey[id=" + keyId + "]";
  }
}
