package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The batches of one dataset's requested columns, validated and copied out of Arrow: shared by the
 * scans of a query's worker threads, each of which takes the next batch (only the copy is
 * serialised; strings are interned by the worker).
 */
final class ScanSource implements AutoCloseable {

  /** One batch: final columns, or raw strings still to intern. */
  record RawBatch(int rows, Object[] cols) {}

  /**
   * Rows copied out per batch: an Arrow batch (up to 64 Ki rows) is handed out in slices of this
   * many rows, so a batch's columns and the temporaries of its filters, projections and aggregates
   * stay in the CPU caches.
   */
  static final int CHUNK = 8192;

  private final ExecContext ctx;
  private final String dataset;
  private final List<Field> fields;
  private BatchStream stream;
  private boolean done;
  private VectorSchemaRoot current;
  private int position;

  ScanSource(ExecContext ctx, String dataset, List<Field> fields) {
    this.ctx = ctx;
    this.dataset = dataset;
    this.fields = fields;
  }

  /** The next batch, or null at the end (or once stopped). */
  synchronized RawBatch next() {
    if (done) {
      return null;
    }
    if (stream == null) {
      stream =
          ctx.source.open(dataset, fields.stream().map(Field::getName).toList(), ctx.allocator);
    }
    try {
      ctx.checkTime();
      if (current == null) {
        if (!stream.loadNextBatch()) {
          close();
          return null;
        }
        current = stream.root();
        position = 0;
      }
      int rows = current.getRowCount();
      int from = position;
      int count = Math.min(CHUNK, rows - from);
      RawBatch b = convert(current, from, count);
      position = from + count;
      if (position >= rows) {
        current = null;
      }
      return b;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Ends the stream early (another worker failed). */
  synchronized void stop() {
    done = true;
    close();
  }

  /** Rows {@code [from, from+count)} of a loaded batch. */
  private RawBatch convert(VectorSchemaRoot root, int from, int count) {
    List<FieldVector> vectors = root.getFieldVectors();
    if (vectors.size() != fields.size()) {
      throw new QueryException(
          QueryException.Code.INVALID_DATA,
          "dataset " + dataset + " returned " + vectors.size() + " columns, not " + fields.size());
    }
    int rows = root.getRowCount();
    Object[] cols = new Object[fields.size()];
    for (int i = 0; i < cols.length; i++) {
      Field f = fields.get(i);
      FieldVector v = vectors.get(i);
      if (!v.getField().getName().equalsIgnoreCase(f.getName())) {
        throw new QueryException(
            QueryException.Code.INVALID_DATA,
            "dataset "
                + dataset
                + " returned column '"
                + v.getField().getName()
                + "' for '"
                + f.getName()
                + "'");
      }
      cols[i] = ArrowColumns.readRaw(v, f, rows, from, count, ctx.dict, stream.dictionaries());
    }
    return new RawBatch(count, cols);
  }

  @Override
  public synchronized void close() {
    done = true;
    current = null;
    if (stream != null) {
      BatchStream s = stream;
      stream = null;
      s.close();
    }
  }
}
