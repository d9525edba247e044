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
    for (ScanFilter.Comparison c : filter.comparisons()) {
      n = c.filter((Vec) in[c.field()], all ? null : sel, n, sel);
      all = false;
      if (n == 0) {
        return null;
      }
    }
    if (!filter.early().isEmpty()) {
      Vec[] vecs = new Vec[in.length];
      for (int i = 0; i < in.length; i++) {
        vecs[i] = in[i] instanceof Vec v ? v : null;
      }
      boolean[] keep = trueRows(filter.early(), new Batch(rows, vecs));
      int w = 0;
      for (int j = 0; j < n; j++) {
        int i = all ? j : sel[j];
        sel[w] = i;
        w += keep[i] ? 1 : 0;
      }
      n = w;
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
    boolean[] keep = trueRows(late, b);
    int[] idx = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      idx[m] = i;
      m += keep[i] ? 1 : 0;
    }
    Batch out = m == n ? b : b.gather(idx, m);
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

  /** Whether every predicate is true, per row of {@code b}. */
  private static boolean[] trueRows(java.util.List<Expr> predicates, Batch b) {
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
    return keep;
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
  public ScanSource pipelineSource() {
    return source;
  }

  @Override
  public void close() {
    if (ownsSource) {
      source.close();
    }
  }
}
