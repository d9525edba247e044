package io.cleanroom.crypto.arrow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;

/**
 * Arrow IPC readers that refuse length fields pointing beyond the input before anything is
 * allocated for them.
 *
 * <p><b>Security:</b> Arrow Java allocates a message's metadata buffer with the length the stream
 * declares; four hostile bytes would make it allocate up to 2 GiB of heap and end the process.
 * These readers know how many bytes the input holds at most and refuse larger declared lengths with
 * an {@link IOException}, which callers report as invalid input.
 */
public final class ArrowIpcGuards {

  private ArrowIpcGuards() {}

  /**
   * An {@link ArrowStreamReader} over {@code channel}, which holds at most {@code maxBytes}: any
   * message or body longer than what can remain is refused.
   */
  public static ArrowStreamReader streamReader(
      ReadableByteChannel channel, long maxBytes, BufferAllocator allocator) {
    return new ArrowStreamReader(
        new MessageChannelReader(new BoundedReadChannel(channel, maxBytes), allocator), allocator);
  }

  /**
   * Checks every block that an Arrow file's footer lists lies inside a file of {@code fileSize}
   * bytes; call before loading any batch.
   */
  public static void checkFileBlocks(ArrowFileReader reader, long fileSize) throws IOException {
    List<ArrowBlock> blocks = new ArrayList<>(reader.getDictionaryBlocks());
    blocks.addAll(reader.getRecordBlocks());
    for (ArrowBlock b : blocks) {
      long end = b.getOffset() + (long) b.getMetadataLength() + b.getBodyLength();
      if (b.getOffset() < 0
          || b.getMetadataLength() < 0
          || b.getBodyLength() < 0
          || end > fileSize
          || end < 0) {
        throw new IOException("a block of the Arrow file lies outside the file");
      }
    }
  }

  /** A read channel that refuses declared lengths larger than the bytes that can remain. */
  static final class BoundedReadChannel extends ReadChannel {
    private final long maxBytes;

    BoundedReadChannel(ReadableByteChannel in, long maxBytes) {
      super(in);
      this.maxBytes = maxBytes;
    }

    long remaining() {
      return maxBytes - bytesRead();
    }

    @Override
    public int readFully(ByteBuffer buffer) throws IOException {
      if (buffer.remaining() > remaining()) {
        throw new IOException("Arrow message extends beyond the end of its input");
      }
      int start = buffer.position();
      int n = super.readFully(buffer);
      // A 4-byte read is a message length (or the continuation marker): Arrow allocates that
      // many bytes next, so check it against what can remain.
      if (n == 4) {
        int declared = buffer.duplicate().position(start).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (declared > remaining()) {
          throw new IOException("Arrow message length beyond the end of its input");
        }
      }
      return n;
    }

    @Override
    public long readFully(ArrowBuf buffer, long length) throws IOException {
      if (length > remaining()) {
        throw new IOException("Arrow message body extends beyond the end of its input");
      }
      return super.readFully(buffer, length);
    }
  }
}
