package io.cleanroom.query.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch of rows: {@code rows} values in every column. A scan leaves the slot of a column that
 * only its filter reads null; nothing above the scan reads it.
 */
record Batch(int rows, Vec[] cols) {

  /** The rows at {@code idx[0..n)} of every column. */
  Batch gather(int[] idx, int n) {
    Vec[] out = new Vec[cols.length];
    for (int c = 0; c < cols.length; c++) {
      out[c] = cols[c] == null ? null : cols[c].gather(idx, n);
    }
    return new Batch(n, out);
  }

  /** The rows where {@code keep} is true. */
  Batch select(boolean[] keep) {
    int[] idx = new int[rows];
    int n = 0;
    for (int i = 0; i < rows; i++) {
      if (keep[i]) {
        idx[n++] = i;
      }
    }
    return n == rows ? this : gather(idx, n);
  }

  long bytes() {
    long b = 64;
    for (Vec v : cols) {
      b += v == null ? 0 : v.bytes();
    }
    return b;
  }

  /** All batches as one (empty batches allowed); {@code shape} tells double columns. */
  static Batch concat(List<Batch> batches, boolean[] isDouble) {
    if (batches.size() == 1) {
      return batches.get(0);
    }
    int total = 0;
    int[] counts = new int[batches.size()];
    for (int i = 0; i < batches.size(); i++) {
      counts[i] = batches.get(i).rows();
      total += counts[i];
    }
    Vec[] cols = new Vec[isDouble.length];
    for (int c = 0; c < cols.length; c++) {
      List<Vec> parts = new ArrayList<>(batches.size());
      for (Batch b : batches) {
        parts.add(b.cols()[c]);
      }
      cols[c] = Vec.concat(parts, counts, total, isDouble[c]);
    }
    return new Batch(total, cols);
  }
}
