package io.cleanroom.crypto.dataset;

import io.cleanroom.crypto.CryptoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Seals Arrow record batches into the columnar sealed dataset format ({@code docs/format.md}): each
 * column becomes its own Arrow IPC stream, encrypted as it is written, so memory stays constant
 * whatever the input size.
 *
 * <pre>{@code
 * try (SealedDatasetWriter w = SealedDatasetWriter.builder()
 *         .datasetId("visits").ownerOrg("hospital").collaborationId("c1")
 *         .schema(schema).key(key).build()) {
 *   while (source.loadNextBatch()) w.write(source.getVectorSchemaRoot());
 *   SealedHeader header = w.finish(Path.of("visits.sealed"));
 * }
 * }</pre>
 *
 * <p>Column streams are spooled as ciphertext (in temporary files next to the output, or in memory)
 * until {@link #finish} knows their lengths and writes header and body; the output file appears
 * only when complete.
 *
 * <p><b>Security:</b> plaintext never touches the disk; the key is used only through Tink's
 * streaming AEAD and HKDF. Not thread-safe: one thread writes.
 */
public final class SealedDatasetWriter implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final DatasetKey key;
  private final SealedHeader.Binding binding;
  private final List<Field> fields;
  private final List<ColumnSink> sinks = new ArrayList<>();
  private final List<Long> batchRowCounts = new ArrayList<>();
  private final ExecutorService pool;
  private long rowCount;
  private boolean finished;

  private SealedDatasetWriter(Builder b) throws IOException {
    this.key = Objects.requireNonNull(b.key, "key");
    List<SealedHeader.ColumnSpec> columns = new ArrayList<>();
    for (Field f : Objects.requireNonNull(b.schema, "schema").getFields()) {
      columns.add(SealedHeader.ColumnSpec.of(f));
    }
    byte[] seal = new byte[16];
    RANDOM.nextBytes(seal);
    this.binding =
        new SealedHeader.Binding(
            requireId(b.datasetId, "datasetId"),
            requireId(b.ownerOrg, "ownerOrg"),
            requireId(b.collaborationId, "collaborationId"),
            b.createdAt == null ? Instant.now() : b.createdAt,
            key.keyId(),
            Base64.getUrlEncoder().withoutPadding().encodeToString(seal),
            columns);
    this.fields = binding.schema().getFields();
    byte[] bindingDigest = binding.digest();
    try {
      for (int i = 0; i < fields.size(); i++) {
        ColumnSpool spool =
            b.spoolInMemory ? ColumnSpool.inMemory() : ColumnSpool.inDirectory(b.spoolDirectory());
        sinks.add(
            new ColumnSink(
                fields.get(i),
                spool,
                key,
                SealedFormat.columnAssociatedData(bindingDigest, i, fields.get(i).getName())));
      }
    } catch (IOException | RuntimeException e) {
      closeSinks();
      throw e;
    }
    int threads = Math.min(b.parallelism, fields.size());
    this.pool =
        threads > 1
            ? Executors.newFixedThreadPool(
                threads,
                r -> {
                  Thread t = new Thread(r, "seal-column");
                  t.setDaemon(true);
                  return t;
                })
            : null;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The header's binding section (known from the start). */
  public SealedHeader.Binding binding() {
    return binding;
  }

  /**
   * Seals one batch. Its schema must match the writer's (names, types, nullability); empty batches
   * are skipped.
   */
  public void write(VectorSchemaRoot batch) {
    checkOpen();
    checkSchema(batch.getSchema());
    int rows = batch.getRowCount();
    if (rows == 0) {
      return;
    }
    List<Callable<Void>> tasks = new ArrayList<>(sinks.size());
    for (int i = 0; i < sinks.size(); i++) {
      ColumnSink sink = sinks.get(i);
      FieldVector vector = batch.getVector(i);
      tasks.add(
          () -> {
            sink.write(vector, rows);
            return null;
          });
    }
    runAll(tasks);
    batchRowCounts.add((long) rows);
    rowCount += rows;
  }

  /** Ends every column stream and writes the sealed file atomically; returns its header. */
  public SealedHeader finish(Path out) {
    Path dir = out.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, ".sealing-", ".sealed");
      SealedHeader header;
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        header = finish(ch);
        ch.force(true);
      }
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
      return header;
    } catch (IOException e) {
      throw new CryptoException(
          CryptoException.Code.IO, "cannot write " + out + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file holds ciphertext only
        }
      }
    }
  }

  /** Ends every column stream and writes the whole sealed dataset to {@code out}. */
  public SealedHeader finish(WritableByteChannel out) throws IOException {
    checkOpen();
    if (rowCount == 0) {
      throw new CryptoException(CryptoException.Code.INVALID_DATA, "the input has no rows");
    }
    finished = true;
    List<SealedHeader.ByteRange> ranges = new ArrayList<>();
    long offset = 0;
    for (ColumnSink sink : sinks) {
      sink.end();
      ranges.add(new SealedHeader.ByteRange(offset, sink.spool.length()));
      offset += sink.spool.length();
    }
    SealedHeader header =
        new SealedHeader(binding, new SealedHeader.Layout(rowCount, batchRowCounts, ranges));
    byte[] headerBytes = header.toBytes();
    byte[] prefix = SealedFormat.prefix(headerBytes.length);
    writeFully(out, prefix);
    writeFully(out, headerBytes);
    writeFully(out, SealedFormat.headerTag(key, prefix, headerBytes));
    for (ColumnSink sink : sinks) {
      sink.spool.copyTo(out);
    }
    closeSinks();
    return header;
  }

  /** Discards spooled data if {@link #finish} was not called; never closes the key. */
  @Override
  public void close() {
    finished = true;
    closeSinks();
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private void runAll(List<Callable<Void>> tasks) {
    try {
      if (pool == null) {
        for (Callable<Void> t : tasks) {
          t.call();
        }
        return;
      }
      for (Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw asCryptoException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CryptoException(CryptoException.Code.IO, "sealing was interrupted");
    } catch (Exception e) {
      throw asCryptoException(e);
    }
  }

  private static CryptoException asCryptoException(Throwable t) {
    if (t instanceof CryptoException c) {
      return c;
    }
    return new CryptoException(CryptoException.Code.IO, "sealing failed: " + t.getMessage(), t);
  }

  private void checkSchema(Schema schema) {
    List<Field> given = schema.getFields();
    boolean same = given.size() == fields.size();
    for (int i = 0; same && i < given.size(); i++) {
      Field g = given.get(i);
      Field f = fields.get(i);
      same =
          g.getName().equals(f.getName())
              && g.getType().equals(f.getType())
              && g.isNullable() == f.isNullable();
    }
    if (!same) {
      throw new CryptoException(
          CryptoException.Code.INVALID_DATA,
          "batch schema " + schema + " does not match the dataset schema " + binding.schema());
    }
  }

  private void checkOpen() {
    if (finished) {
      throw new IllegalStateException("writer is finished");
    }
  }

  private void closeSinks() {
    for (ColumnSink s : sinks) {
      s.closeQuietly();
    }
  }

  private static void writeFully(WritableByteChannel out, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  private static String requireId(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
    return value;
  }

  /** One column's encrypting Arrow IPC stream. */
  private static final class ColumnSink {
    private final Field field;
    private final ColumnSpool spool;
    private final WritableByteChannel encrypting;
    private final WriteChannel out;

    ColumnSink(Field field, ColumnSpool spool, DatasetKey key, byte[] aad) throws IOException {
      this.field = field;
      this.spool = spool;
      this.encrypting = new SegmentEncryptingChannel(key.segmentCipher(), spool, aad);
      this.out = new WriteChannel(encrypting);
      MessageSerializer.serialize(out, new Schema(List.of(field)));
    }

    void write(FieldVector vector, int rows) throws IOException {
      VectorSchemaRoot single = new VectorSchemaRoot(List.of(field), List.of(vector), rows);
      try (ArrowRecordBatch batch = new VectorUnloader(single).getRecordBatch()) {
        MessageSerializer.serialize(out, batch);
      }
    }

    void end() throws IOException {
      ArrowStreamWriter.writeEndOfStream(out, IpcOption.DEFAULT);
      encrypting.close();
    }

    void closeQuietly() {
      try {
        spool.close();
      } catch (IOException ignored) {
        // ciphertext spool: nothing secret is left behind
      }
    }
  }

  /** Builds a {@link SealedDatasetWriter}; every setter but {@code createdAt} is required. */
  public static final class Builder {
    private String datasetId;
    private String ownerOrg;
    private String collaborationId;
    private Schema schema;
    private DatasetKey key;
    private Instant createdAt;
    private Path spoolDir;
    private boolean spoolInMemory;
    private int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors());

    private Builder() {}

    public Builder datasetId(String v) {
      datasetId = v;
      return this;
    }

    public Builder ownerOrg(String v) {
      ownerOrg = v;
      return this;
    }

    public Builder collaborationId(String v) {
      collaborationId = v;
      return this;
    }

    public Builder schema(Schema v) {
      schema = v;
      return this;
    }

    public Builder key(DatasetKey v) {
      key = v;
      return this;
    }

    public Builder createdAt(Instant v) {
      createdAt = v;
      return this;
    }

    /** Spool column ciphertext in temporary files under {@code dir} (default: java.io.tmpdir). */
    public Builder spoolDirectory(Path dir) {
      spoolDir = dir;
      spoolInMemory = false;
      return this;
    }

    /** Spool column ciphertext in memory: for benchmarks and small datasets only. */
    public Builder spoolInMemory() {
      spoolInMemory = true;
      return this;
    }

    private Path spoolDirectory() {
      return spoolDir != null ? spoolDir : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Columns sealed at once (default: available processors; 1 = the calling thread only). */
    public Builder parallelism(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1");
      }
      parallelism = threads;
      return this;
    }

    public SealedDatasetWriter build() {
      try {
        return new SealedDatasetWriter(this);
      } catch (IOException e) {
        throw new CryptoException(
            CryptoException.Code.IO, "cannot create spool files: " + e.getMessage(), e);
      }
    }
  }
}
