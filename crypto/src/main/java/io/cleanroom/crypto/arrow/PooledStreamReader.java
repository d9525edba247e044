package io.cleanroom.crypto.arrow;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads an Arrow IPC stream without dictionaries (a schema message, record batches, the
 * end-of-stream marker) into independent record batches whose bodies come from a {@link
 * MessageBodyPool}: each batch is read straight into its own body buffer, and its vectors are the
 * caller's to keep.
 *
 * <p><b>Security:</b> like {@link ArrowIpcGuards#streamReader}, it refuses any metadata or body
 * length beyond what the input can still hold before allocating for it. It does not validate the
 * batches' buffers: callers run {@link ArrowValidation} before reading them unchecked.
 */
public final class PooledStreamReader {

  private final ArrowIpcGuards.BoundedReadChannel in;
  private final BufferAllocator allocator;
  private final MessageBodyPool bodies;
  private Schema schema;

  /** A reader of {@code channel}, which holds at most {@code maxBytes}. */
  public PooledStreamReader(
      ReadableByteChannel channel,
      long maxBytes,
      BufferAllocator allocator,
      MessageBodyPool bodies) {
    this.in = new ArrowIpcGuards.BoundedReadChannel(channel, maxBytes);
    this.allocator = allocator;
    this.bodies = bodies;
  }

  /** Reads the schema message; call once, first. */
  public Schema readSchema() throws IOException {
    if (schema != null) {
      throw new IllegalStateException("schema already read");
    }
    MessageMetadataResult result = MessageSerializer.readMessage(in);
    if (result == null) {
      throw new IOException("the stream ends before its schema");
    }
    if (result.headerType() != MessageHeader.Schema || result.messageHasBody()) {
      throw new IOException("the stream does not start with a schema message");
    }
    schema = MessageSerializer.deserializeSchema(result.getMessage());
    return schema;
  }

  /**
   * The next record batch as a new root that the caller owns and closes, or empty after the
   * end-of-stream marker (or the end of the input).
   */
  public Optional<VectorSchemaRoot> nextBatch() throws IOException {
    if (schema == null) {
      throw new IllegalStateException("read the schema first");
    }
    MessageMetadataResult result = MessageSerializer.readMessage(in);
    if (result == null) {
      return Optional.empty();
    }
    if (result.headerType() != MessageHeader.RecordBatch) {
      throw new IOException("expected a record batch, found message type " + result.headerType());
    }
    Message message = result.getMessage();
    ArrowBuf body = readBody(result);
    ArrowRecordBatch batch;
    try {
      // Takes over the body: its buffers are slices of it, and it drops the body's own reference.
      batch = MessageSerializer.deserializeRecordBatch(message, body);
    } catch (IOException | RuntimeException e) {
      body.close();
      throw e;
    }
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    try (batch) {
      new VectorLoader(root).load(batch);
      return Optional.of(root);
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  private ArrowBuf readBody(MessageMetadataResult result) throws IOException {
    long length = result.getMessageBodyLength();
    if (length < 0 || length > in.remaining()) {
      throw new IOException("Arrow message body extends beyond the end of its input");
    }
    if (length == 0) {
      return allocator.getEmpty();
    }
    ArrowBuf body = bodies.allocate(allocator, length);
    try {
      body.writerIndex(0);
      if (in.readFully(body, length) != length) {
        throw new IOException("the stream ends inside a message body");
      }
      return body;
    } catch (IOException | RuntimeException e) {
      body.close();
      throw e;
    }
  }

  /** Bytes read from the input so far. */
  public long bytesRead() {
    return in.bytesRead();
  }
}
