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

  /** A file, opened for reading. */
  static ByteSource of(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    return new ByteSource() {
      @Override
      public long size() throws IOException {
        return ch.size();
      }

      @Override
      public int read(ByteBuffer dst, long position) throws IOException {
        return ch.read(dst, position);
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
      public void close() {}
    };
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
