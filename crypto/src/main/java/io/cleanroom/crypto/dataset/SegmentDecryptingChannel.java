package io.cleanroom.crypto.dataset;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.subtle.StreamSegmentDecrypter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.GeneralSecurityException;

/**
 * Decrypts one column stream (Tink AES-GCM-HKDF streaming ciphertext, docs/format.md section 4)
 * that lies at {@code [start, start + length)} of a {@link ByteSource}, segment by segment, with
 * Tink's own segment decrypter.
 *
 * <p>Compared with Tink's decrypting channel it decrypts each segment in place when the source
 * holds it on the heap, or reads it with one positional read into a heap buffer otherwise, and it
 * knows the stream's length, so it knows which segment is the last without reading ahead. The JDK
 * decrypts fastest heap-to-heap (3x faster than into a direct buffer); plaintext then takes one
 * copy into the caller's (off-heap Arrow) buffer.
 *
 * <p><b>Security:</b> bytes of a segment are returned only after its GCM tag verified; the last
 * segment is decrypted with Tink's last-segment flag, so truncation at a segment boundary fails;
 * segment numbers are in the nonce, so reordering fails. Not thread-safe.
 */
final class SegmentDecryptingChannel implements ReadableByteChannel {

  private final AesGcmHkdfStreaming aead;
  private final ByteSource source;
  private final long end;
  private final byte[] associatedData;
  private final ByteBuffer ciphertext;
  private final ByteBuffer plaintext;
  private StreamSegmentDecrypter decrypter;
  private long position;
  private int segment;
  private boolean lastDone;
  private boolean open = true;

  SegmentDecryptingChannel(
      AesGcmHkdfStreaming aead, ByteSource source, long start, long length, byte[] associatedData) {
    this.aead = aead;
    this.source = source;
    this.position = start;
    this.end = start + length;
    this.associatedData = associatedData;
    this.ciphertext = ByteBuffer.allocate(aead.getCiphertextSegmentSize());
    this.plaintext = ByteBuffer.allocate(aead.getPlaintextSegmentSize());
    plaintext.limit(0);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!open) {
      throw new IOException("channel closed");
    }
    if (!plaintext.hasRemaining()) {
      if (lastDone) {
        return -1;
      }
      decryptNextSegment();
      if (!plaintext.hasRemaining()) {
        return lastDone ? -1 : 0;
      }
    }
    int n = Math.min(dst.remaining(), plaintext.remaining());
    dst.put(dst.position(), plaintext, plaintext.position(), n);
    dst.position(dst.position() + n);
    plaintext.position(plaintext.position() + n);
    return n;
  }

  private void decryptNextSegment() throws IOException {
    try {
      if (decrypter == null) {
        ByteBuffer header = ByteBuffer.allocate(aead.getHeaderLength());
        readFully(header);
        decrypter = aead.newStreamSegmentDecrypter();
        decrypter.init(header.flip(), associatedData);
      }
      int capacity =
          segment == 0
              ? aead.getCiphertextSegmentSize() - aead.getHeaderLength()
              : aead.getCiphertextSegmentSize();
      long left = end - position;
      boolean last = left <= capacity;
      int size = (int) Math.min(left, capacity);
      if (size < 16) {
        throw new IOException("segment " + segment + " is shorter than a tag");
      }
      // Decrypt in place when the source holds the bytes on the heap; copy them in otherwise.
      ByteBuffer input = source.heapSlice(position, size).orElse(null);
      if (input != null) {
        position += size;
      } else {
        ciphertext.clear().limit(size);
        readFully(ciphertext);
        input = ciphertext.flip();
      }
      plaintext.clear();
      decrypter.decryptSegment(input, segment, last, plaintext);
      plaintext.flip();
      segment++;
      lastDone = last;
    } catch (GeneralSecurityException e) {
      throw new IOException("segment " + segment + " failed authentication", e);
    }
  }

  private void readFully(ByteBuffer dst) throws IOException {
    while (dst.hasRemaining()) {
      if (position >= end) {
        throw new IOException("column stream ends inside a segment");
      }
      int n = source.read(dst, position);
      if (n < 0) {
        throw new IOException("file ends inside a column stream");
      }
      position += n;
    }
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
