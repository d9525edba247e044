package io.cleanroom.crypto.dataset;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.arrow.ArrowValidation;
import io.cleanroom.crypto.arrow.MessageBodyPool;
import io.cleanroom.crypto.arrow.PooledStreamReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The record batches of some columns of a sealed dataset, decrypted and decoded in parallel: one
 * virtual thread per column decrypts its stream and hands batches over through a small bounded
 * queue, so memory stays at a few batches per column whatever the dataset's size.
 *
 * <p>Each batch's vectors belong to the stream and are released on the next {@link
 * #loadNextBatch()} or on {@link #close()}; a caller that keeps them transfers them out.
 *
 * <p><b>Security:</b> every decrypted column batch is checked against the header (field, row count)
 * and validated with Arrow's full buffer validation before it is handed out, because the engine
 * reads buffers without bounds checks. Failures carry the column name and index but never data
 * values.
 */
public final class SealedBatchStream implements AutoCloseable {

  private static final int QUEUE_DEPTH = 2;

  /** What one column decoder reads. */
  record ColumnSource(
      int index,
      Field field,
      ByteSource source,
      long ciphertextStart,
      long ciphertextLength,
      byte[] associatedData) {}

  private sealed interface Item permits Batch, End, Failure {}

  private record Batch(FieldVector vector) implements Item {}

  private record End() implements Item {}

  private record Failure(CryptoException error) implements Item {}

  private final List<ColumnSource> sources;
  private final List<Long> batchRowCounts;
  private final List<BlockingQueue<Item>> queues = new ArrayList<>();
  private final List<Thread> decoders = new ArrayList<>();
  private final List<Field> fields = new ArrayList<>();
  private final Semaphore permits;
  private volatile boolean closed;
  private VectorSchemaRoot current;
  private int batchIndex;
  private boolean exhausted;

  SealedBatchStream(
      AesGcmHkdfStreaming aead,
      List<ColumnSource> sources,
      List<Long> batchRowCounts,
      BufferAllocator allocator,
      int parallelism) {
    this.sources = List.copyOf(sources);
    this.batchRowCounts = batchRowCounts;
    this.permits = new Semaphore(Math.max(1, parallelism));
    for (ColumnSource s : sources) {
      fields.add(s.field());
      BlockingQueue<Item> q = new ArrayBlockingQueue<>(QUEUE_DEPTH);
      queues.add(q);
      decoders.add(
          Thread.ofVirtual()
              .name("unseal-column-" + s.index())
              .unstarted(() -> decode(aead, s, allocator, q)));
    }
    decoders.forEach(Thread::start);
  }

  /** The fields of the returned batches, in the order requested. */
  public List<Field> fields() {
    return List.copyOf(fields);
  }

  /**
   * Loads the next batch of every requested column; false at the end of the dataset (after the last
   * segment of every column stream authenticated).
   */
  public boolean loadNextBatch() {
    if (closed) {
      throw new IllegalStateException("stream is closed");
    }
    releaseCurrent();
    if (exhausted) {
      return false;
    }
    List<FieldVector> vectors = new ArrayList<>(sources.size());
    int ends = 0;
    try {
      for (int i = 0; i < sources.size(); i++) {
        Item item = take(i);
        switch (item) {
          case Batch b -> vectors.add(b.vector());
          case End e -> ends++;
          case Failure f -> throw f.error();
        }
      }
      if (ends == sources.size() && batchIndex == batchRowCounts.size()) {
        exhausted = true;
        return false;
      }
      if (ends > 0 || batchIndex >= batchRowCounts.size()) {
        throw layout(
            "columns end after different numbers of batches, or after more batches than the header lists");
      }
      long expectedRows = batchRowCounts.get(batchIndex);
      for (int i = 0; i < vectors.size(); i++) {
        if (vectors.get(i).getValueCount() != expectedRows) {
          throw layout(
              "batch "
                  + batchIndex
                  + " of column '"
                  + fields.get(i).getName()
                  + "' has "
                  + vectors.get(i).getValueCount()
                  + " rows, the header says "
                  + expectedRows);
        }
      }
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      close();
      throw e;
    }
    batchIndex++;
    current =
        new VectorSchemaRoot(fields, vectors, (int) batchRowCounts.get(batchIndex - 1).longValue());
    return true;
  }

  /** The current batch (valid until the next {@link #loadNextBatch()}). */
  public VectorSchemaRoot getVectorSchemaRoot() {
    if (current == null) {
      throw new IllegalStateException("no current batch");
    }
    return current;
  }

  private Item take(int column) {
    try {
      return queues.get(column).take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CryptoException(CryptoException.Code.IO, "reading was interrupted");
    }
  }

  private void decode(
      AesGcmHkdfStreaming aead, ColumnSource s, BufferAllocator allocator, BlockingQueue<Item> q) {
    Item last;
    try {
      ReadableByteChannel plaintext =
          new SegmentDecryptingChannel(
              aead, s.source(), s.ciphertextStart(), s.ciphertextLength(), s.associatedData());
      // Plaintext is never longer than the ciphertext: Arrow lengths beyond that are refused.
      PooledStreamReader reader =
          new PooledStreamReader(
              plaintext, s.ciphertextLength(), allocator, MessageBodyPool.SHARED);
      last = decodeBatches(s, reader, plaintext, q);
    } catch (CryptoException e) {
      last = new Failure(e);
    } catch (IOException e) {
      last = new Failure(authenticationFailed(s));
    } catch (RuntimeException e) {
      last = new Failure(invalidArrow(s, e));
    }
    if (last != null) {
      handOver(q, last);
    }
  }

  /** Decodes batches until end-of-stream (returns End) or until the stream is closed (null). */
  private Item decodeBatches(
      ColumnSource s,
      PooledStreamReader reader,
      ReadableByteChannel plaintext,
      BlockingQueue<Item> q)
      throws IOException {
    if (!reader.readSchema().getFields().equals(List.of(s.field()))) {
      throw layout(
          "column stream #"
              + s.index()
              + " does not hold column '"
              + s.field().getName()
              + "' as the header describes it");
    }
    while (!closed) {
      FieldVector out;
      permits.acquireUninterruptibly();
      try {
        Optional<VectorSchemaRoot> batch = reader.nextBatch();
        if (batch.isEmpty()) {
          // The plaintext must end with the end-of-stream marker; reading on also makes Tink
          // authenticate the final segment.
          if (plaintext.read(ByteBuffer.allocate(1)) >= 0) {
            throw layout(
                "column stream #" + s.index() + " has data after its end-of-stream marker");
          }
          return new End();
        }
        out = batch.get().getVector(0);
        try {
          ArrowValidation.check(out);
        } catch (RuntimeException e) {
          out.close();
          throw e;
        }
      } finally {
        permits.release();
      }
      if (!handOver(q, new Batch(out))) {
        return null;
      }
    }
    return null;
  }

  /** Puts an item on the queue unless the stream closes first (then releases it). */
  private boolean handOver(BlockingQueue<Item> q, Item item) {
    try {
      while (!closed) {
        if (q.offer(item, 20, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    release(item);
    return false;
  }

  private void releaseCurrent() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  private static CryptoException authenticationFailed(ColumnSource s) {
    return new CryptoException(
        CryptoException.Code.COLUMN_AUTHENTICATION_FAILED,
        "column '"
            + s.field().getName()
            + "' (#"
            + s.index()
            + ") failed authentication: the file was"
            + " modified, truncated or reordered, or the column belongs to another dataset or position");
  }

  private static CryptoException invalidArrow(ColumnSource s, RuntimeException e) {
    return new CryptoException(
        CryptoException.Code.INVALID_DATA,
        "column '"
            + s.field().getName()
            + "' (#"
            + s.index()
            + ") does not hold valid Arrow data: "
            + e.getClass().getSimpleName());
  }

  private static CryptoException layout(String why) {
    return new CryptoException(CryptoException.Code.LAYOUT_MISMATCH, why);
  }

  /** Stops the decoders and releases every buffer this stream allocated. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    releaseCurrent();
    // No interrupts: an interrupt during FileChannel I/O would close the shared file.
    for (int i = 0; i < decoders.size(); i++) {
      boolean done = false;
      while (!done) {
        drain(queues.get(i));
        try {
          done = decoders.get(i).join(Duration.ofMillis(20));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      drain(queues.get(i));
    }
  }

  private static void drain(BlockingQueue<Item> q) {
    for (Item item = q.poll(); item != null; item = q.poll()) {
      release(item);
    }
  }

  private static void release(Item item) {
    if (item instanceof Batch b) {
      b.vector().close();
    }
  }
}
