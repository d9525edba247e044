package io.cleanroom.query.exec;

/**
 * Reads batches of a {@link ScanSource} (only the requested columns are opened, so a sealed dataset
 * decrypts only them) and applies a pushed-down {@link ScanFilter}: the rows it keeps are found
 * first, then only those rows of the columns read above the scan are copied out, and strings are
 * interned only for them. Columns only the filter reads are not passed on (their slot is null).
 */
final class ScanOperator implements Operator {

  private final ScanSource source;
  private final ScanFilter filter;
  private final boolean[] output;
  private final StringCache strings;
  private final boolean ownsSource;
  private int[] sel = new int[0];

  /**
   * @param filter the pushed-down filter, or null
   * @param output the columns passed on (the others are read by the filter only), or null for all
   */
  ScanOperator(
      ExecContext ctx, ScanSource source, ScanFilter filter, boolean[] output, boolean ownsSource) {
    this.source = source;
    this.filter = filter;
    this.output = output;
    this.strings = new StringCache(ctx.dict, ctx.memory);
    this.ownsSource = ownsSource;
  }

  @Override
  public Batch next() {
    ScanSource.RawBatch raw;
    while ((raw = source.next()) != null) {
      Batch b = filter == null ? all(raw) : filtered(raw);
      if (b != null && b.rows() > 0) {
        return b;
      }
    }
    return null;
  }

  private Batch all(ScanSource.RawBatch raw) {
    Object[] in = raw.cols();
    Vec[] cols = new Vec[in.length];
    for (int i = 0; i < cols.length; i++) {
      if (output == null || output[i]) {
        cols[i] = ArrowColumns.finish(in[i], strings);
      }
    }
    return new Batch(raw.rows(), cols);
  }

  /** The rows of {@code raw} the filter keeps, or null when none. */
  private Batch filtered(ScanSource.RawBatch raw) {
    Object[] in = raw.cols();
    int rows = raw.rows();
    if (sel.length < rows) {
      sel = new int[rows];
    }
    int n = rows;
    boolean all = true;
    if (!filter.early().isEmpty()) {
      Vec[] vecs = new Vec[in.length];
      for (int i = 0; i < in.length; i++) {
        vecs[i] = in[i] instanceof Vec v ? v : null;
      }
      Batch b = new Batch(rows, vecs);
      n = selectTrue(filter.early(), b, sel);
      all = false;
    }
    java.util.List<Expr> late = filter.late();
    for (ScanFilter.LiteralMatch m : filter.matches()) {
      if (n == 0) {
        return null;
      }
      if (in[m.field()] instanceof ArrowColumns.RawStrings s) {
        n = m.filter(s, all ? null : sel, n, sel);
        all = false;
      } else {
        late = new java.util.ArrayList<>(late);
        late.add(m.compiled());
      }
    }
    if (n == 0) {
      return null;
    }
    if (late.isEmpty()) {
      return gather(in, all ? null : sel, n, false);
    }
    Batch b = gather(in, all ? null : sel, n, true);
    int[] keep = new int[n];
    int m = selectTrue(late, b, keep);
    Batch out = m == n ? b : b.gather(keep, m);
    if (output != null) {
      Vec[] cols = out.cols();
      for (int i = 0; i < cols.length; i++) {
        if (!output[i]) {
          cols[i] = null;
        }
      }
    }
    return out;
  }

  /** The rows of {@code b} where every predicate is true, written to {@code out}; their number. */
  private static int selectTrue(java.util.List<Expr> predicates, Batch b, int[] out) {
    boolean[] keep = null;
    for (Expr p : predicates) {
      boolean[] k = Logic.isTrue(p.eval(b), b.rows());
      if (keep == null) {
        keep = k;
      } else {
        for (int i = 0; i < keep.length; i++) {
          keep[i] &= k[i];
        }
      }
    }
    int w = 0;
    for (int i = 0; i < b.rows(); i++) {
      if (keep[i]) {
        out[w++] = i;
      }
    }
    return w;
  }

  /**
   * Rows {@code sel[0..n)} (all when null) of the columns passed on, and of those the late
   * conjuncts read when {@code forLate}; strings interned here.
   */
  private Batch gather(Object[] in, int[] sel, int n, boolean forLate) {
    Vec[] cols = new Vec[in.length];
    for (int i = 0; i < in.length; i++) {
      boolean wanted = output == null || output[i] || (forLate && filter.lateColumns().get(i));
      if (!wanted) {
        continue;
      }
      if (sel == null) {
        cols[i] = ArrowColumns.finish(in[i], strings);
      } else if (in[i] instanceof ArrowColumns.RawStrings s) {
        cols[i] = ArrowColumns.intern(s, sel, n, strings);
      } else {
        cols[i] = ((Vec) in[i]).gather(sel, n);
      }
    }
    return new Batch(n, cols);
  }

  @Override
  public void close() {
    if (ownsSource) {
      source.close();
    }
  }
}
