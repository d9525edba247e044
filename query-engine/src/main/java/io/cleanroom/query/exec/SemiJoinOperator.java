package io.cleanroom.query.exec;

/**
 * A semi join (left rows with at least one equal key on the right, no other condition) that hashes
 * its left input and streams the right one: the planner picks it when the left input is the smaller
 * by estimate (TPC-H Q4: a quarter's orders against all of lineitem), so the hash table is the
 * small one. Right rows only mark the left keys they meet; the marked left rows are returned once
 * the right input is exhausted, in slices of {@link ScanSource#CHUNK} rows. Null keys never match.
 */
final class SemiJoinOperator implements Operator {

  private final ExecContext ctx;
  private final Operator left;
  private final Operator right;
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final boolean[] leftDoubles;
  private Batch matched;
  private int position;

  SemiJoinOperator(
      ExecContext ctx,
      Operator left,
      Operator right,
      int[] leftKeys,
      int[] rightKeys,
      boolean[] leftDoubles) {
    this.ctx = ctx;
    this.left = left;
    this.right = right;
    this.leftKeys = leftKeys;
    this.rightKeys = rightKeys;
    this.leftDoubles = leftDoubles;
  }

  @Override
  public Batch next() {
    if (matched == null) {
      matched = run();
    }
    if (position >= matched.rows()) {
      return null;
    }
    int n = Math.min(ScanSource.CHUNK, matched.rows() - position);
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = position + i;
    }
    position += n;
    return n == matched.rows() ? matched : matched.gather(idx, n);
  }

  /** Hashes the left input, marks the keys the right input meets, keeps the marked left rows. */
  private Batch run() {
    Batch all = Materialized.drain(ctx, left, leftDoubles);
    int n = all.rows();
    ctx.memory.reserve(4L * n);
    KeyTable table = new KeyTable(leftKeys.length, ctx.memory);
    int[] ids = new int[n];
    table.find(HashJoinOperator.keys(all, leftKeys), n, ids, true, false);
    boolean[] met = new boolean[table.size()];
    ctx.memory.reserve(met.length);
    int[] probe = new int[0];
    Batch b;
    while ((b = right.next()) != null) {
      ctx.checkTime();
      int m = b.rows();
      if (probe.length < m) {
        probe = new int[m];
      }
      table.find(HashJoinOperator.keys(b, rightKeys), m, probe, false, false);
      for (int i = 0; i < m; i++) {
        int id = probe[i];
        if (id >= 0) {
          met[id] = true;
        }
      }
    }
    right.close();
    boolean[] keep = new boolean[n];
    for (int r = 0; r < n; r++) {
      keep[r] = ids[r] >= 0 && met[ids[r]];
    }
    return all.select(keep);
  }

  @Override
  public void close() {
    left.close();
    right.close();
  }
}
