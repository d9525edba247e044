package io.cleanroom.crypto.dataset;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.subtle.StreamSegmentDecrypter;
import com.google.crypto.tink.subtle.StreamSegmentEncrypter;
import io.cleanroom.crypto.CryptoException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Makes the JIT compile the AES-GCM decryption path before the first query needs it.
 *
 * <p>The JDK's AES-GCM reaches its intrinsics (3–4 GB/s per core here) only once its callers are
 * compiled, and a sealed dataset is decrypted in 1 MiB segments: a query makes few calls, so the
 * first queries of a process decrypt at Java speed (~100 MB/s, docs/benchmarks.md#sealed-inputs).
 * This runs the same Tink segment decrypter, heap to heap as {@link SegmentDecryptingChannel} does,
 * over many small segments of a throwaway key and random bytes: no data, no real key.
 */
public final class CryptoWarmUp {

  private static final int SEGMENT = 4096;

  /** Bytes to decrypt above which {@link #runFor} warms up: below, the 0.3 s would not pay. */
  public static final long WORTH_IT = 64L << 20;

  private CryptoWarmUp() {}

  /**
   * Warms up before a one-shot command decrypts {@code bytes}, when they are more than {@link
   * #WORTH_IT}; answers whether it did.
   */
  public static boolean runFor(long bytes) {
    if (bytes <= WORTH_IT) {
      return false;
    }
    run(5_000);
    return true;
  }

  /**
   * Encrypts and decrypts {@code segments} segments of 4 KiB; answers the milliseconds it took.
   * 5,000 take about 0.3 s and make the first opens of a 100 MB sealed file 4–15 times faster
   * (docs/benchmarks.md#sealed-inputs). Services call it once at start.
   */
  public static long run(int segments) {
    int segmentSize = SEGMENT;
    long t0 = System.nanoTime();
    try {
      byte[] ikm = new byte[32];
      new SecureRandom().nextBytes(ikm);
      AesGcmHkdfStreaming aead = new AesGcmHkdfStreaming(ikm, "HmacSha256", 32, segmentSize, 0);
      byte[] aad = new byte[16];
      StreamSegmentEncrypter enc = aead.newStreamSegmentEncrypter(aad);
      ByteBuffer header = enc.getHeader();
      ByteBuffer plain = ByteBuffer.allocate(aead.getPlaintextSegmentSize());
      ByteBuffer cipher = ByteBuffer.allocate(segmentSize);
      ByteBuffer out = ByteBuffer.allocate(aead.getPlaintextSegmentSize());
      StreamSegmentDecrypter dec = aead.newStreamSegmentDecrypter();
      dec.init(header.duplicate(), aad);
      for (int i = 0; i < segments; i++) {
        plain.clear();
        plain.limit(aead.getPlaintextSegmentSize() - (i == 0 ? aead.getHeaderLength() : 0));
        cipher.clear();
        boolean last = i == segments - 1;
        enc.encryptSegment(plain, last, cipher);
        cipher.flip();
        out.clear();
        dec.decryptSegment(cipher, i, last, out);
        if (out.position() != plain.limit()) {
          throw new GeneralSecurityException("segment " + i + " did not round-trip");
        }
      }
    } catch (GeneralSecurityException e) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_KEY, "the AES-GCM warm-up failed: " + e.getMessage());
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
