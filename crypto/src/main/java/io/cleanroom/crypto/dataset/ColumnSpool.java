package io.cleanroom.crypto.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one column's sealed (already encrypted) stream waits until the header can be written: a
 * temporary file, or memory. Only ciphertext is ever spooled.
 */
abstract class ColumnSpool implements WritableByteChannel, Closeable {

  private long length;
  private boolean open = true;

  /** A spool in a temporary file under {@code dir}, deleted on close. */
  static ColumnSpool inDirectory(Path dir) throws IOException {
    Path file = Files.createTempFile(dir, ".sealing-", ".col");
    FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            StandardOpenOption.DELETE_ON_CLOSE);
    return new ColumnSpool() {
      @Override
      int append(ByteBuffer src) throws IOException {
        int n = 0;
        while (src.hasRemaining()) {
          n += ch.write(src);
        }
        return n;
      }

      @Override
      void copyTo(WritableByteChannel out) throws IOException {
        long pos = 0;
        long size = ch.size();
        while (pos < size) {
          pos += ch.transferTo(pos, size - pos, out);
        }
      }

      @Override
      public void close() throws IOException {
        super.close();
        ch.close();
        Files.deleteIfExists(file);
      }
    };
  }

  /** A spool in memory (for benchmarks and small datasets). */
  static ColumnSpool inMemory() {
    return new ColumnSpool() {
      private final List<ByteBuffer> chunks = new ArrayList<>();

      @Override
      int append(ByteBuffer src) {
        int n = src.remaining();
        ByteBuffer copy = ByteBuffer.allocate(n);
        copy.put(src).flip();
        chunks.add(copy);
        return n;
      }

      @Override
      void copyTo(WritableByteChannel out) throws IOException {
        for (ByteBuffer c : chunks) {
          ByteBuffer d = c.duplicate();
          while (d.hasRemaining()) {
            out.write(d);
          }
        }
      }

      @Override
      public void close() throws IOException {
        super.close();
        chunks.clear();
      }
    };
  }

  abstract int append(ByteBuffer src) throws IOException;

  /** Writes the spooled bytes to {@code out}. */
  abstract void copyTo(WritableByteChannel out) throws IOException;

  @Override
  public final int write(ByteBuffer src) throws IOException {
    int n = append(src);
    length += n;
    return n;
  }

  /** Bytes spooled so far. */
  final long length() {
    return length;
  }

  @Override
  public final boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    open = false;
  }
}
