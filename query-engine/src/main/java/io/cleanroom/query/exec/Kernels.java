package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;

/** Tight loops over primitive arrays: comparisons, arithmetic and three-valued logic. */
final class Kernels {

  static final int EQ = 0;
  static final int NE = 1;
  static final int LT = 2;
  static final int LE = 3;
  static final int GT = 4;
  static final int GE = 5;

  private Kernels() {}

  static boolean[] orNulls(boolean[] a, boolean[] b, int n) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    boolean[] r = new boolean[n];
    for (int i = 0; i < n; i++) {
      r[i] = a[i] | b[i];
    }
    return r;
  }

  static long[] compare(int op, long[] a, long[] b, int n) {
    long[] r = new long[n];
    switch (op) {
      case EQ -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] == b[i] ? 1 : 0;
        }
      }
      case NE -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] != b[i] ? 1 : 0;
        }
      }
      case LT -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] < b[i] ? 1 : 0;
        }
      }
      case LE -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] <= b[i] ? 1 : 0;
        }
      }
      case GT -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] > b[i] ? 1 : 0;
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] >= b[i] ? 1 : 0;
        }
      }
    }
    return r;
  }

  static long[] compare(int op, long[] a, long c, int n) {
    long[] r = new long[n];
    switch (op) {
      case EQ -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] == c ? 1 : 0;
        }
      }
      case NE -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] != c ? 1 : 0;
        }
      }
      case LT -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] < c ? 1 : 0;
        }
      }
      case LE -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] <= c ? 1 : 0;
        }
      }
      case GT -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] > c ? 1 : 0;
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] >= c ? 1 : 0;
        }
      }
    }
    return r;
  }

  static long[] compare(int op, double[] a, double[] b, int n) {
    long[] r = new long[n];
    for (int i = 0; i < n; i++) {
      int c = Double.compare(a[i] == 0.0 ? 0.0 : a[i], b[i] == 0.0 ? 0.0 : b[i]);
      r[i] = test(op, c) ? 1 : 0;
    }
    return r;
  }

  static boolean test(int op, int c) {
    return switch (op) {
      case EQ -> c == 0;
      case NE -> c != 0;
      case LT -> c < 0;
      case LE -> c <= 0;
      case GT -> c > 0;
      default -> c >= 0;
    };
  }

  /** {@code v * 10^(to-from)}, rounding half away from zero when the scale shrinks. */
  static long[] rescale(long[] v, int n, int from, int to) {
    if (from == to) {
      return v;
    }
    long[] r = new long[n];
    if (to > from) {
      long f = Types.pow10(to - from);
      for (int i = 0; i < n; i++) {
        r[i] = multiplyExact(v[i], f);
      }
    } else {
      long f = Types.pow10(from - to);
      for (int i = 0; i < n; i++) {
        r[i] = divideRound(v[i], f);
      }
    }
    return r;
  }

  static long divideRound(long v, long f) {
    long q = v / f;
    long rem = v % f;
    if (Math.abs(rem) * 2 >= f) {
      q += v < 0 ? -1 : 1;
    }
    return q;
  }

  static double[] toDouble(long[] v, int n, int scale) {
    double[] r = new double[n];
    if (scale == 0) {
      for (int i = 0; i < n; i++) {
        r[i] = v[i];
      }
    } else {
      double f = Types.pow10(scale);
      for (int i = 0; i < n; i++) {
        r[i] = v[i] / f;
      }
    }
    return r;
  }

  static long multiplyExact(long a, long b) {
    long r = a * b;
    long ax = Math.abs(a);
    long ay = Math.abs(b);
    if (((ax | ay) >>> 31 != 0)) {
      if (((b != 0) && (r / b != a)) || (a == Long.MIN_VALUE && b == -1)) {
        throw overflow();
      }
    }
    return r;
  }

  static QueryException overflow() {
    return new QueryException(QueryException.Code.ARITHMETIC, "numeric overflow");
  }

  static long[] add(long[] a, long[] b, int n, boolean subtract) {
    long[] r = new long[n];
    if (subtract) {
      for (int i = 0; i < n; i++) {
        long x = a[i];
        long y = b[i];
        long s = x - y;
        if (((x ^ y) & (x ^ s)) < 0) {
          throw overflow();
        }
        r[i] = s;
      }
    } else {
      for (int i = 0; i < n; i++) {
        long x = a[i];
        long y = b[i];
        long s = x + y;
        if (((x ^ s) & (y ^ s)) < 0) {
          throw overflow();
        }
        r[i] = s;
      }
    }
    return r;
  }

  static long[] multiply(long[] a, long[] b, int n) {
    long[] r = new long[n];
    for (int i = 0; i < n; i++) {
      r[i] = multiplyExact(a[i], b[i]);
    }
    return r;
  }

  static double[] arithmetic(char op, double[] a, double[] b, int n) {
    double[] r = new double[n];
    switch (op) {
      case '+' -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] + b[i];
        }
      }
      case '-' -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] - b[i];
        }
      }
      case '*' -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] * b[i];
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          r[i] = a[i] / b[i];
        }
      }
    }
    return r;
  }

  /** Civil date fields of an epoch day: {@code 0} year, {@code 1} month, {@code 2} day. */
  static long civil(long epochDay, int field) {
    long z = epochDay + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return field == 0 ? y : field == 1 ? m : d;
  }
}
