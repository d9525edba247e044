package io.cleanroom.portal.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Streams bytes through a SHA-256 with a byte limit: the one copy loop of every upload. */
final class HashingCopy {

  /** The read buffer: what an upload holds in memory at a time (besides an S3 part). */
  static final int BUFFER_BYTES = 1 << 16;

  private HashingCopy() {}

  /** A fresh SHA-256. */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Thrown when the bytes go past the limit. */
  static final class TooLarge extends IOException {
    TooLarge(long limit) {
      super("more than " + limit + " bytes");
    }
  }

  /**
   * Copies {@code in} to {@code out} while updating {@code sha}; returns the bytes copied. Throws
   * {@link TooLarge} as soon as more than {@code limit} bytes arrive (the bytes past the limit are
   * not written).
   */
  static long copy(InputStream in, OutputStream out, MessageDigest sha, long limit)
      throws IOException {
    byte[] buf = new byte[BUFFER_BYTES];
    long size = 0;
    for (int n; (n = in.read(buf)) >= 0; ) {
      if (n == 0) {
        continue;
      }
      if (size + n > limit) {
        throw new TooLarge(limit);
      }
      size += n;
      sha.update(buf, 0, n);
      out.write(buf, 0, n);
    }
    return size;
  }
}
