package io.cleanroom.crypto.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Random-access bytes that several threads may read at once: a file or a buffer in memory. Sealed
 * dataset readers read each column stream through its own {@link #region} channel.
 */
public interface ByteSource extends Closeable {

  /** Total length in bytes. */
  long size() throws IOException;

  /**
   * Reads into {@code dst} from absolute {@code position}, like {@link FileChannel#read(ByteBuffer,
   * long)}; returns the bytes read, or -1 at the end.
   */
  int read(ByteBuffer dst, long position) throws IOException;

  /**
   * A file, read with positional reads: one copy from the page cache per read and no page faults
   * (faulting in a fresh memory mapping cost four times the CPU of the reads here). The file must
   * not change while it is open; {@link #close} closes it.
   */
  static ByteSource of(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    long size;
    try {
      size = ch.size();
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return new ByteSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public int read(ByteBuffer dst, long position) throws IOException {
        if (position >= size) {
          return -1;
        }
        if (dst.remaining() <= size - position) {
          return ch.read(dst, position);
        }
        ByteBuffer part = dst.slice(dst.position(), (int) (size - position));
        int n = ch.read(part, position);
        dst.position(dst.position() + Math.max(n, 0));
        return n;
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }

  /** Bytes in memory (not copied; the buffer's position and limit are not changed). */
  static ByteSource of(ByteBuffer bytes) {
    ByteBuffer all = bytes.duplicate();
    return new ByteSource() {
      @Override
      public long size() {
        return all.remaining();
      }

      @Override
      public int read(ByteBuffer dst, long position) {
        if (position >= all.remaining()) {
          return -1;
        }
        int n = (int) Math.min(dst.remaining(), all.remaining() - position);
        int from = all.position() + (int) position;
        dst.put(dst.position(), all, from, n);
        dst.position(dst.position() + n);
        return n;
      }

      @Override
      public java.util.Optional<ByteBuffer> heapSlice(long position, int length) {
        if (!all.hasArray() || position < 0 || position + length > all.remaining()) {
          return java.util.Optional.empty();
        }
        return java.util.Optional.of(all.slice(all.position() + (int) position, length));
      }

      @Override
      public void close() {}
    };
  }

  /**
   * The bytes at {@code [position, position + length)} as a heap buffer without copying, if this
   * source holds them on the heap (decryption reads them in place); empty otherwise.
   */
  default java.util.Optional<ByteBuffer> heapSlice(long position, int length) {
    return java.util.Optional.empty();
  }

  /** A channel over {@code [start, start + length)} with its own position. */
  default ReadableByteChannel region(long start, long length) {
    ByteSource source = this;
    return new ReadableByteChannel() {
      private long position = start;
      private final long end = start + length;
      private boolean open = true;

      @Override
      public int read(ByteBuffer dst) throws IOException {
        if (position >= end) {
          return -1;
        }
        ByteBuffer view = dst;
        int limit = dst.limit();
        if (dst.remaining() > end - position) {
          dst.limit(dst.position() + (int) (end - position));
        }
        try {
          int n = source.read(view, position);
          if (n > 0) {
            position += n;
          }
          return n;
        } finally {
          dst.limit(limit);
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
    };
  }
}
