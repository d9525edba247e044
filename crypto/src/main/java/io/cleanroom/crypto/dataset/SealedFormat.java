package io.cleanroom.crypto.dataset;

import io.cleanroom.crypto.CryptoException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fixed parts of the sealed dataset format: magic, prefix layout, header tag and the associated
 * data of each column stream. {@code docs/format.md} is the normative description.
 *
 * <pre>
 * offset        size  content
 * 0             8     magic "CRSEALED"
 * 8             4     H: header length, unsigned big-endian
 * 12            H     header: canonical JSON (RFC 8785), UTF-8
 * 12+H          32    header tag: HMAC-SHA256(K_hdr, bytes 0 .. 12+H)
 * 44+H          ...   body: the column streams, contiguous, in column order
 * </pre>
 *
 * <p>K_hdr = HKDF-SHA256(DEK, salt = empty, info = "cleanroom/sealed-dataset/v1/header-tag", 32).
 * Column i's stream is Tink AES-GCM-HKDF streaming AEAD ciphertext of an Arrow IPC stream holding
 * only that column, with associated data SHA-256(canonical JSON of the header's "dataset" member)
 * || uint32_be(i) || UTF-8(column name).
 */
final class SealedFormat {

  static final byte[] MAGIC = "CRSEALED".getBytes(StandardCharsets.US_ASCII);
  static final int PREFIX_BYTES = MAGIC.length + 4;
  static final int TAG_BYTES = 32;
  static final String HEADER_TAG_LABEL = "cleanroom/sealed-dataset/v1/header-tag";

  private SealedFormat() {}

  /** The associated data of column {@code index} named {@code name}. */
  static byte[] columnAssociatedData(byte[] bindingDigest, int index, String name) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(bindingDigest.length + 4 + nameBytes.length)
        .put(bindingDigest)
        .putInt(index)
        .put(nameBytes)
        .array();
  }

  /** The file prefix: magic and header length. */
  static byte[] prefix(int headerLength) {
    return ByteBuffer.allocate(PREFIX_BYTES).put(MAGIC).putInt(headerLength).array();
  }

  /** The header tag over prefix and header bytes. */
  static byte[] headerTag(DatasetKey key, byte[] prefix, byte[] header) {
    byte[] macKey = key.deriveSubkey(HEADER_TAG_LABEL, 32);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
      mac.update(prefix);
      mac.update(header);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is available in every JDK", e);
    } finally {
      Arrays.fill(macKey, (byte) 0);
    }
  }

  /** Checks the header tag in constant time. */
  static void verifyHeaderTag(DatasetKey key, byte[] prefix, byte[] header, byte[] tag) {
    if (!MessageDigest.isEqual(headerTag(key, prefix, header), tag)) {
      throw new CryptoException(
          CryptoException.Code.HEADER_AUTHENTICATION_FAILED,
          "the header failed authentication: it was modified, or belongs to another file");
    }
  }
}
