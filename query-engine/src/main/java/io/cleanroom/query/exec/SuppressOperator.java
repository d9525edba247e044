package io.cleanroom.query.exec;

import io.cleanroom.query.plan.GroupThreshold;
import java.util.List;

/**
 * The output threshold: drops the groups whose hidden distinct-identity counts are below their
 * minimum, counts them in the query's suppressed-group total, and removes the hidden counts.
 *
 * <p><b>Security:</b> nothing above this operator sees a dropped group or a hidden count.
 */
final class SuppressOperator implements Operator {

  private final ExecContext ctx;
  private final Operator input;
  private final int visible;
  private final List<GroupThreshold> thresholds;

  SuppressOperator(ExecContext ctx, Operator input, int visible, List<GroupThreshold> thresholds) {
    this.ctx = ctx;
    this.input = input;
    this.visible = visible;
    this.thresholds = thresholds;
  }

  @Override
  public Batch next() {
    Batch b = input.next();
    if (b == null) {
      return null;
    }
    int n = b.rows();
    boolean[] keep = new boolean[n];
    java.util.Arrays.fill(keep, true);
    for (GroupThreshold t : thresholds) {
      Vec counts = b.cols()[t.field()];
      for (int i = 0; i < n; i++) {
        if (counts.isNull(i) || counts.longs[i] < t.minimum()) {
          keep[i] = false;
        }
      }
    }
    int dropped = 0;
    for (boolean k : keep) {
      dropped += k ? 0 : 1;
    }
    ctx.suppressedGroups += dropped;
    Vec[] cols = java.util.Arrays.copyOf(b.cols(), visible);
    return new Batch(n, cols).select(keep);
  }

  @Override
  public void close() {
    input.close();
  }
}
