package io.cleanroom.crypto.dataset;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.subtle.StreamSegmentEncrypter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;

/**
 * Encrypts a column stream with Tink's AES-GCM-HKDF streaming segment encrypter, producing exactly
 * Tink's wire format (docs/format.md section 4), but always from heap buffers: Arrow hands over
 * off-heap buffers, and the JDK's AES-GCM is about twice as fast heap-to-heap, so plaintext is
 * first gathered into a heap segment buffer (one fast copy) and encrypted from there.
 *
 * <p>A segment is encrypted as not-last only once more plaintext arrives after it is full, so the
 * final segment (possibly full) always carries Tink's last-segment flag. Not thread-safe.
 */
final class SegmentEncryptingChannel implements WritableByteChannel {

  private final StreamSegmentEncrypter encrypter;
  private final WritableByteChannel out;
  private final ByteBuffer plaintext;
  private final ByteBuffer ciphertext;
  private int segment;
  private boolean open = true;

  SegmentEncryptingChannel(AesGcmHkdfStreaming aead, WritableByteChannel out, byte[] associatedData)
      throws IOException {
    this.out = out;
    try {
      this.encrypter = aead.newStreamSegmentEncrypter(associatedData);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot start the column stream", e);
    }
    this.plaintext = ByteBuffer.allocate(aead.getPlaintextSegmentSize());
    this.ciphertext = ByteBuffer.allocate(aead.getCiphertextSegmentSize());
    plaintext.limit(aead.getPlaintextSegmentSize() - aead.getHeaderLength());
    writeFully(encrypter.getHeader());
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (!open) {
      throw new IOException("channel closed");
    }
    int n = src.remaining();
    while (src.hasRemaining()) {
      if (!plaintext.hasRemaining()) {
        // Full, and more is coming: this segment is not the last.
        encrypt(false);
      }
      int chunk = Math.min(src.remaining(), plaintext.remaining());
      plaintext.put(plaintext.position(), src, src.position(), chunk);
      plaintext.position(plaintext.position() + chunk);
      src.position(src.position() + chunk);
    }
    return n;
  }

  private void encrypt(boolean last) throws IOException {
    plaintext.flip();
    ciphertext.clear();
    try {
      encrypter.encryptSegment(plaintext, last, ciphertext);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot encrypt segment " + segment, e);
    }
    ciphertext.flip();
    writeFully(ciphertext);
    segment++;
    plaintext.clear();
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  /** Encrypts the final segment; does not close the underlying channel. */
  @Override
  public void close() throws IOException {
    if (open) {
      encrypt(true);
      open = false;
    }
  }
}
