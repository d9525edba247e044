package io.cleanroom.query.exec;

/**
 * Reads batches of a {@link ScanSource} (only the requested columns are opened, so a sealed dataset
 * decrypts only them), interns their strings and applies a pushed-down filter.
 */
final class ScanOperator implements Operator {

  private final ScanSource source;
  private final Expr filter;
  private final ShortStrings strings;
  private final boolean ownsSource;

  ScanOperator(ExecContext ctx, ScanSource source, Expr filter, boolean ownsSource) {
    this.source = source;
    this.filter = filter;
    this.strings = new ShortStrings(ctx.dict, ctx.memory);
    this.ownsSource = ownsSource;
  }

  @Override
  public Batch next() {
    ScanSource.RawBatch raw;
    while ((raw = source.next()) != null) {
      Vec[] cols = new Vec[raw.cols().length];
      for (int i = 0; i < cols.length; i++) {
        cols[i] = ArrowColumns.finish(raw.cols()[i], strings);
      }
      Batch b = new Batch(raw.rows(), cols);
      if (filter != null) {
        b = b.select(Logic.isTrue(filter.eval(b), b.rows()));
      }
      if (b.rows() > 0) {
        return b;
      }
    }
    return null;
  }

  @Override
  public void close() {
    if (ownsSource) {
      source.close();
    }
  }
}
