package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads the requested columns of one dataset batch by batch (only those columns are opened, so a
 * sealed dataset decrypts only them) and applies a pushed-down filter to each batch.
 */
final class ScanOperator implements Operator {

  private final ExecContext ctx;
  private final String dataset;
  private final List<Field> fields;
  private final Expr filter;
  private BatchStream stream;
  private boolean done;

  ScanOperator(ExecContext ctx, String dataset, List<Field> fields, Expr filter) {
    this.ctx = ctx;
    this.dataset = dataset;
    this.fields = fields;
    this.filter = filter;
  }

  @Override
  public Batch next() {
    if (done) {
      return null;
    }
    if (stream == null) {
      stream =
          ctx.source.open(dataset, fields.stream().map(Field::getName).toList(), ctx.allocator);
    }
    while (true) {
      ctx.checkTime();
      if (!stream.loadNextBatch()) {
        done = true;
        close();
        return null;
      }
      Batch b = convert(stream.root());
      if (filter != null) {
        b = b.select(Logic.isTrue(filter.eval(b), b.rows()));
      }
      if (b.rows() > 0) {
        return b;
      }
    }
  }

  private Batch convert(VectorSchemaRoot root) {
    List<FieldVector> vectors = root.getFieldVectors();
    if (vectors.size() != fields.size()) {
      throw new QueryException(
          QueryException.Code.INVALID_DATA,
          "dataset " + dataset + " returned " + vectors.size() + " columns, not " + fields.size());
    }
    int rows = root.getRowCount();
    Vec[] cols = new Vec[fields.size()];
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
      cols[i] = ArrowColumns.read(v, f, rows, ctx.dict, stream.dictionaries());
    }
    return new Batch(rows, cols);
  }

  @Override
  public void close() {
    if (stream != null) {
      BatchStream s = stream;
      stream = null;
      s.close();
    }
  }
}
