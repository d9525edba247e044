package io.cleanroom.query.exec;

import java.util.Arrays;

/** A constant expression; its column is filled once and reused for every batch. */
final class Const implements Expr {

  final boolean isNull;
  final boolean isDouble;
  final long longValue;
  final double doubleValue;
  private Vec cached;

  private Const(boolean isNull, boolean isDouble, long l, double d) {
    this.isNull = isNull;
    this.isDouble = isDouble;
    this.longValue = l;
    this.doubleValue = d;
  }

  static Const ofLong(long v) {
    return new Const(false, false, v, 0);
  }

  static Const ofDouble(double v) {
    return new Const(false, true, 0, v);
  }

  static Const ofNull(boolean isDouble) {
    return new Const(true, isDouble, 0, 0);
  }

  /** The constant held in row 0 of {@code v}. */
  static Const of(Vec v) {
    if (v.isNull(0)) {
      return ofNull(v.isDouble());
    }
    return v.isDouble() ? ofDouble(v.doubles[0]) : ofLong(v.longs[0]);
  }

  @Override
  public boolean isConstant() {
    return true;
  }

  @Override
  public Vec eval(Batch b) {
    int n = b.rows();
    if (cached == null || cached.capacity() < n) {
      int cap = Math.max(n, 1);
      boolean[] nulls = null;
      if (isNull) {
        nulls = new boolean[cap];
        Arrays.fill(nulls, true);
      }
      if (isDouble) {
        double[] d = new double[cap];
        Arrays.fill(d, doubleValue);
        cached = Vec.ofDoubles(d, nulls);
      } else {
        long[] l = new long[cap];
        Arrays.fill(l, longValue);
        cached = Vec.ofLongs(l, nulls);
      }
    }
    return cached;
  }
}
