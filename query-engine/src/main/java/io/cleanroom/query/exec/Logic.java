package io.cleanroom.query.exec;

import java.util.List;

/** SQL's three-valued logic over boolean columns (1 true, 0 false, null unknown). */
final class Logic {

  private Logic() {}

  static Expr and(List<Expr> args) {
    return b -> combine(args, b, true);
  }

  static Expr or(List<Expr> args) {
    return b -> combine(args, b, false);
  }

  /** AND: false wins, then unknown; OR: true wins, then unknown. */
  private static Vec combine(List<Expr> args, Batch b, boolean and) {
    int n = b.rows();
    long dominant = and ? 0 : 1;
    long[] r = new long[n];
    java.util.Arrays.fill(r, 1 - dominant);
    boolean[] unknown = null;
    for (Expr e : args) {
      Vec v = e.eval(b);
      if (v.nulls == null) {
        // Branch-free: r holds 0/1; AND clears it where the argument is 0, OR sets it where 1.
        long[] l = v.longs;
        if (and) {
          for (int i = 0; i < n; i++) {
            r[i] &= l[i] == 0 ? 0L : 1L;
          }
        } else {
          for (int i = 0; i < n; i++) {
            r[i] |= l[i] == 1 ? 1L : 0L;
          }
        }
        continue;
      }
      for (int i = 0; i < n; i++) {
        if (v.isNull(i)) {
          if (unknown == null) {
            unknown = new boolean[n];
          }
          unknown[i] = true;
        } else if (v.longs[i] == dominant) {
          r[i] = dominant;
        }
      }
    }
    if (unknown != null) {
      boolean any = false;
      for (int i = 0; i < n; i++) {
        if (r[i] == dominant) {
          unknown[i] = false;
        }
        any |= unknown[i];
      }
      unknown = any ? unknown : null;
    }
    return Vec.ofLongs(r, unknown);
  }

  static Expr not(Expr a) {
    return b -> {
      Vec v = a.eval(b);
      int n = b.rows();
      long[] r = new long[n];
      for (int i = 0; i < n; i++) {
        r[i] = 1 - v.longs[i];
      }
      return Vec.ofLongs(r, v.nulls);
    };
  }

  static Expr isNull(Expr a, boolean wantNull) {
    return b -> {
      Vec v = a.eval(b);
      int n = b.rows();
      long[] r = new long[n];
      for (int i = 0; i < n; i++) {
        r[i] = v.isNull(i) == wantNull ? 1 : 0;
      }
      return Vec.ofLongs(r, null);
    };
  }

  /** IS [NOT] TRUE / FALSE: never unknown. */
  static Expr isValue(Expr a, long value, boolean negate) {
    return b -> {
      Vec v = a.eval(b);
      int n = b.rows();
      long[] r = new long[n];
      for (int i = 0; i < n; i++) {
        boolean is = !v.isNull(i) && v.longs[i] == value;
        r[i] = is != negate ? 1 : 0;
      }
      return Vec.ofLongs(r, null);
    };
  }

  /** The rows where a predicate is true (not false, not unknown). */
  static boolean[] isTrue(Vec v, int n) {
    boolean[] keep = new boolean[n];
    long[] l = v.longs;
    if (v.nulls == null) {
      for (int i = 0; i < n; i++) {
        keep[i] = l[i] == 1;
      }
    } else {
      for (int i = 0; i < n; i++) {
        keep[i] = l[i] == 1 && !v.nulls[i];
      }
    }
    return keep;
  }
}
