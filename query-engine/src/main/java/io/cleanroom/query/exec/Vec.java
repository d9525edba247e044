package io.cleanroom.query.exec;

/**
 * One column of a batch: exact values (integers, unscaled decimals, dates as epoch days, timestamps
 * as epoch milliseconds, booleans as 0/1, strings as dictionary codes) in {@code longs}, or
 * approximate values in {@code doubles}; {@code nulls} is null when no value is null.
 */
final class Vec {

  final long[] longs;
  final double[] doubles;
  final boolean[] nulls;

  private Vec(long[] longs, double[] doubles, boolean[] nulls) {
    this.longs = longs;
    this.doubles = doubles;
    this.nulls = nulls;
  }

  static Vec ofLongs(long[] values, boolean[] nulls) {
    return new Vec(values, null, nulls);
  }

  static Vec ofDoubles(double[] values, boolean[] nulls) {
    return new Vec(null, values, nulls);
  }

  boolean isDouble() {
    return doubles != null;
  }

  boolean isNull(int i) {
    return nulls != null && nulls[i];
  }

  int capacity() {
    return longs != null ? longs.length : doubles.length;
  }

  /** The rows at {@code idx[0..n)} as a new column. */
  Vec gather(int[] idx, int n) {
    boolean[] nn = null;
    if (nulls != null) {
      nn = new boolean[n];
      boolean any = false;
      for (int i = 0; i < n; i++) {
        int j = idx[i];
        if (j >= 0 && nulls[j]) {
          nn[i] = true;
          any = true;
        }
      }
      nn = any ? nn : null;
    }
    if (longs != null) {
      long[] out = new long[n];
      for (int i = 0; i < n; i++) {
        int j = idx[i];
        out[i] = j >= 0 ? longs[j] : 0;
      }
      return new Vec(out, null, withMissing(nn, idx, n));
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      int j = idx[i];
      out[i] = j >= 0 ? doubles[j] : 0;
    }
    return new Vec(null, out, withMissing(nn, idx, n));
  }

  /** Index -1 in a gather means "no row": a null (outer joins). */
  private static boolean[] withMissing(boolean[] nn, int[] idx, int n) {
    for (int i = 0; i < n; i++) {
      if (idx[i] < 0) {
        if (nn == null) {
          nn = new boolean[n];
        }
        nn[i] = true;
      }
    }
    return nn;
  }

  /** Concatenates columns of the same shape. */
  static Vec concat(java.util.List<Vec> parts, int[] counts, int total, boolean isDouble) {
    boolean anyNull = parts.stream().anyMatch(p -> p.nulls != null);
    boolean[] nn = anyNull ? new boolean[total] : null;
    long[] ls = isDouble ? null : new long[total];
    double[] ds = isDouble ? new double[total] : null;
    int at = 0;
    for (int p = 0; p < parts.size(); p++) {
      Vec v = parts.get(p);
      int c = counts[p];
      if (isDouble) {
        System.arraycopy(v.doubles, 0, ds, at, c);
      } else {
        System.arraycopy(v.longs, 0, ls, at, c);
      }
      if (v.nulls != null) {
        System.arraycopy(v.nulls, 0, nn, at, c);
      }
      at += c;
    }
    return new Vec(ls, ds, nn);
  }

  long bytes() {
    return 8L * capacity() + (nulls == null ? 0 : nulls.length) + 32;
  }
}
