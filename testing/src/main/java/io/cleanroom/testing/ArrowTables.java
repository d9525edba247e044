package io.cleanroom.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Named tables held in memory as Arrow batches; closing releases every batch.
 *
 * <p>The executor's in-memory source and {@link DuckDbPeer} read the same batches, so both engines
 * see identical data.
 */
public final class ArrowTables implements AutoCloseable {

  private final Map<String, Schema> schemas = new LinkedHashMap<>();
  private final Map<String, List<VectorSchemaRoot>> batches = new LinkedHashMap<>();

  /** Adds a batch to {@code table} (created on first use); the tables take ownership. */
  public void add(String table, VectorSchemaRoot batch) {
    schemas.putIfAbsent(table, batch.getSchema());
    batches.computeIfAbsent(table, t -> new ArrayList<>()).add(batch);
  }

  /**
   * Adds a copy of a batch its producer keeps (a generator that reuses its batch, a reader that
   * releases it on the next one); the copy shares the batch's buffers by reference count.
   */
  public void addCopy(String table, VectorSchemaRoot batch, BufferAllocator allocator) {
    VectorSchemaRoot copy = VectorSchemaRoot.create(batch.getSchema(), allocator);
    try (ArrowRecordBatch rb = new VectorUnloader(batch).getRecordBatch()) {
      new VectorLoader(copy).load(rb);
    }
    add(table, copy);
  }

  /** Declares an empty table. */
  public void declare(String table, Schema schema) {
    schemas.putIfAbsent(table, schema);
    batches.computeIfAbsent(table, t -> new ArrayList<>());
  }

  /** The batches of every table, by name. */
  public Map<String, List<VectorSchemaRoot>> batches() {
    return batches;
  }

  /** The schema of every table, by name. */
  public Map<String, Schema> schemas() {
    return schemas;
  }

  /** The number of rows of a table. */
  public long rowCount(String table) {
    return batches.getOrDefault(table, List.of()).stream()
        .mapToLong(VectorSchemaRoot::getRowCount)
        .sum();
  }

  /** Bytes of Arrow buffers held. */
  public long bytes() {
    long n = 0;
    for (List<VectorSchemaRoot> l : batches.values()) {
      for (VectorSchemaRoot r : l) {
        n += r.getFieldVectors().stream().mapToLong(v -> v.getBufferSize()).sum();
      }
    }
    return n;
  }

  @Override
  public void close() {
    batches.values().forEach(l -> l.forEach(VectorSchemaRoot::close));
    batches.clear();
  }
}
