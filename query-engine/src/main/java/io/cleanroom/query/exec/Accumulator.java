package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The state of one aggregate function over all groups, updated a batch at a time from the batch's
 * group ids. Nulls are ignored (COUNT(*) counts rows); an aggregate over no values is null, except
 * COUNT (0).
 */
abstract class Accumulator {

  protected final MemoryTracker memory;
  protected int capacity;

  Accumulator(MemoryTracker memory) {
    this.memory = memory;
  }

  /** Adds rows {@code 0..n)} of {@code arg} (null for COUNT(*)) to groups {@code gids}. */
  abstract void add(Vec arg, int[] gids, int n);

  /** The value of every group {@code 0..groups)}. */
  abstract Vec result(int groups);

  /**
   * Adds the state of {@code other} (same function) for its groups {@code 0..n)}, group {@code g}
   * of other being group {@code remap[g]} here.
   */
  abstract void merge(Accumulator other, int[] remap, int n);

  /** Grows the per-group state to at least {@code groups}. */
  final void ensure(int groups) {
    if (groups > capacity) {
      int cap = Math.max(groups, Math.max(16, capacity * 2));
      memory.reserve((long) (cap - capacity) * bytesPerGroup());
      grow(cap);
      capacity = cap;
    }
  }

  abstract int bytesPerGroup();

  abstract void grow(int cap);

  static Accumulator create(AggregateCall call, RelDataType argType, ExecContext ctx) {
    SqlKind kind = call.getAggregation().getKind();
    RelDataType rt = call.getType();
    if (call.isDistinct() && kind != SqlKind.COUNT && kind != SqlKind.MIN && kind != SqlKind.MAX) {
      throw new QueryException(
          QueryException.Code.UNSUPPORTED, "DISTINCT is supported in COUNT only, not " + kind);
    }
    if (call.getArgList().size() > 1) {
      throw new QueryException(
          QueryException.Code.UNSUPPORTED, kind + " of several arguments is not supported");
    }
    return switch (kind) {
      case COUNT ->
          call.isDistinct()
              ? new CountDistinct(ctx.memory)
              : new Count(ctx.memory, call.getArgList().isEmpty());
      case SUM, SUM0 ->
          argType.getSqlTypeName() == SqlTypeName.DOUBLE || Types.isDouble(argType)
              ? new Sum(ctx.memory, true, kind == SqlKind.SUM0, 0, rt)
              : new Sum(ctx.memory, false, kind == SqlKind.SUM0, Types.scale(argType), rt);
      case AVG ->
          new Sum(ctx.memory, Types.isDouble(argType), false, Types.scale(argType), rt).average();
      case MIN, MAX ->
          new MinMax(
              ctx.memory,
              kind == SqlKind.MIN,
              Types.isDouble(argType),
              Types.isString(argType) ? ctx.dict : null);
      case LITERAL_AGG -> new Literal(ctx.memory, call, ctx);
      case ANY_VALUE, SINGLE_VALUE ->
          new MinMax(ctx.memory, true, Types.isDouble(argType), null)
              .single(kind == SqlKind.SINGLE_VALUE);
      default ->
          throw new QueryException(
              QueryException.Code.UNSUPPORTED, "the aggregate " + kind + " is not supported");
    };
  }

  static boolean[] nullsWhereZero(long[] counts, int groups) {
    boolean[] nulls = null;
    for (int g = 0; g < groups; g++) {
      if (counts[g] == 0) {
        if (nulls == null) {
          nulls = new boolean[groups];
        }
        nulls[g] = true;
      }
    }
    return nulls;
  }

  /** COUNT(*) and COUNT(x). */
  static final class Count extends Accumulator {
    private final boolean star;
    private long[] counts = new long[0];

    Count(MemoryTracker memory, boolean star) {
      super(memory);
      this.star = star;
    }

    @Override
    void add(Vec arg, int[] gids, int n) {
      long[] c = counts;
      if (star || arg.nulls == null) {
        for (int i = 0; i < n; i++) {
          c[gids[i]]++;
        }
      } else {
        boolean[] nulls = arg.nulls;
        for (int i = 0; i < n; i++) {
          if (!nulls[i]) {
            c[gids[i]]++;
          }
        }
      }
    }

    @Override
    Vec result(int groups) {
      return Vec.ofLongs(Arrays.copyOf(counts, groups), null);
    }

    @Override
    void merge(Accumulator other, int[] remap, int n) {
      long[] theirs = ((Count) other).counts;
      for (int g = 0; g < n; g++) {
        counts[remap[g]] += theirs[g];
      }
    }

    @Override
    int bytesPerGroup() {
      return 8;
    }

    @Override
    void grow(int cap) {
      counts = Arrays.copyOf(counts, cap);
    }
  }

  /** SUM, $SUM0 and AVG: exact sums with overflow checks, or double sums. */
  static final class Sum extends Accumulator {
    private final boolean dbl;
    private final boolean zeroWhenEmpty;
    private final int scale;
    private final RelDataType resultType;
    private boolean average;
    private long[] sums = new long[0];
    private double[] dsums = new double[0];
    private long[] counts = new long[0];

    Sum(MemoryTracker memory, boolean dbl, boolean zeroWhenEmpty, int scale, RelDataType rt) {
      super(memory);
      this.dbl = dbl;
      this.zeroWhenEmpty = zeroWhenEmpty;
      this.scale = scale;
      this.resultType = rt;
    }

    Sum average() {
      average = true;
      return this;
    }

    @Override
    void add(Vec arg, int[] gids, int n) {
      long[] c = counts;
      boolean[] nulls = arg.nulls;
      if (dbl) {
        double[] s = dsums;
        double[] v = arg.doubles;
        for (int i = 0; i < n; i++) {
          if (nulls == null || !nulls[i]) {
            int g = gids[i];
            s[g] += v[i];
            c[g]++;
          }
        }
        return;
      }
      long[] s = sums;
      long[] v = arg.longs;
      for (int i = 0; i < n; i++) {
        if (nulls == null || !nulls[i]) {
          int g = gids[i];
          long x = s[g];
          long y = v[i];
          long r = x + y;
          if (((x ^ r) & (y ^ r)) < 0) {
            throw Kernels.overflow();
          }
          s[g] = r;
          c[g]++;
        }
      }
    }

    @Override
    Vec result(int groups) {
      boolean[] nulls = zeroWhenEmpty ? null : nullsWhereZero(counts, groups);
      if (!average) {
        if (Types.isDouble(resultType)) {
          double[] out = new double[groups];
          for (int g = 0; g < groups; g++) {
            out[g] = dbl ? dsums[g] : sums[g] / (double) Types.pow10(scale);
          }
          return Vec.ofDoubles(out, nulls);
        }
        long[] out = Arrays.copyOf(sums, groups);
        return Vec.ofLongs(Kernels.rescale(out, groups, scale, Types.scale(resultType)), nulls);
      }
      if (Types.isDouble(resultType)) {
        double[] out = new double[groups];
        for (int g = 0; g < groups; g++) {
          if (counts[g] > 0) {
            out[g] =
                dbl
                    ? dsums[g] / counts[g]
                    : BigDecimal.valueOf(sums[g], scale)
                        .divide(BigDecimal.valueOf(counts[g]), java.math.MathContext.DECIMAL64)
                        .doubleValue();
          }
        }
        return Vec.ofDoubles(out, nulls);
      }
      long[] out = new long[groups];
      int rs = Types.scale(resultType);
      for (int g = 0; g < groups; g++) {
        if (counts[g] > 0) {
          BigDecimal avg =
              BigDecimal.valueOf(sums[g], scale)
                  .divide(BigDecimal.valueOf(counts[g]), rs, RoundingMode.HALF_UP);
          out[g] = avg.unscaledValue().longValueExact();
        }
      }
      return Vec.ofLongs(out, nulls);
    }

    @Override
    void merge(Accumulator other, int[] remap, int n) {
      Sum o = (Sum) other;
      for (int g = 0; g < n; g++) {
        int t = remap[g];
        counts[t] += o.counts[g];
        if (dbl) {
          dsums[t] += o.dsums[g];
        } else {
          long x = sums[t];
          long y = o.sums[g];
          long r = x + y;
          if (((x ^ r) & (y ^ r)) < 0) {
            throw Kernels.overflow();
          }
          sums[t] = r;
        }
      }
    }

    @Override
    int bytesPerGroup() {
      return 16;
    }

    @Override
    void grow(int cap) {
      counts = Arrays.copyOf(counts, cap);
      if (dbl) {
        dsums = Arrays.copyOf(dsums, cap);
      } else {
        sums = Arrays.copyOf(sums, cap);
      }
    }
  }

  /** MIN, MAX, ANY_VALUE and SINGLE_VALUE. */
  static final class MinMax extends Accumulator {
    private final boolean min;
    private final boolean dbl;
    private final StringDictionary strings;
    private boolean any;
    private boolean single;
    private long[] best = new long[0];
    private double[] dbest = new double[0];
    private long[] counts = new long[0];

    MinMax(MemoryTracker memory, boolean min, boolean dbl, StringDictionary strings) {
      super(memory);
      this.min = min;
      this.dbl = dbl;
      this.strings = strings;
    }

    MinMax single(boolean failOnMany) {
      any = true;
      single = failOnMany;
      return this;
    }

    @Override
    void add(Vec arg, int[] gids, int n) {
      for (int i = 0; i < n; i++) {
        if (arg.isNull(i)) {
          continue;
        }
        int g = gids[i];
        long c = counts[g]++;
        if (single && c > 0) {
          throw new QueryException(
              QueryException.Code.INVALID_DATA, "a scalar sub-query returned more than one row");
        }
        if (dbl) {
          double v = arg.doubles[i];
          if (c == 0 || (!any && (min ? v < dbest[g] : v > dbest[g]))) {
            dbest[g] = v;
          }
        } else {
          long v = arg.longs[i];
          if (c == 0 || (!any && better(v, best[g]))) {
            best[g] = v;
          }
        }
      }
    }

    private boolean better(long v, long current) {
      int cmp =
          strings == null
              ? Long.compare(v, current)
              : strings.get((int) v).compareTo(strings.get((int) current));
      return min ? cmp < 0 : cmp > 0;
    }

    @Override
    Vec result(int groups) {
      boolean[] nulls = nullsWhereZero(counts, groups);
      return dbl
          ? Vec.ofDoubles(Arrays.copyOf(dbest, groups), nulls)
          : Vec.ofLongs(Arrays.copyOf(best, groups), nulls);
    }

    @Override
    void merge(Accumulator other, int[] remap, int n) {
      MinMax o = (MinMax) other;
      for (int g = 0; g < n; g++) {
        if (o.counts[g] == 0) {
          continue;
        }
        int t = remap[g];
        long c = counts[t];
        counts[t] += o.counts[g];
        if (single && c + o.counts[g] > 1) {
          throw new QueryException(
              QueryException.Code.INVALID_DATA, "a scalar sub-query returned more than one row");
        }
        if (dbl) {
          double v = o.dbest[g];
          if (c == 0 || (!any && (min ? v < dbest[t] : v > dbest[t]))) {
            dbest[t] = v;
          }
        } else {
          long v = o.best[g];
          if (c == 0 || (!any && better(v, best[t]))) {
            best[t] = v;
          }
        }
      }
    }

    @Override
    int bytesPerGroup() {
      return 16;
    }

    @Override
    void grow(int cap) {
      counts = Arrays.copyOf(counts, cap);
      best = Arrays.copyOf(best, cap);
      dbest = Arrays.copyOf(dbest, cap);
    }
  }

  /** LITERAL_AGG: a constant per group (Calcite's marker in rewritten sub-queries). */
  static final class Literal extends Accumulator {
    private final Const value;

    Literal(MemoryTracker memory, AggregateCall call, ExecContext ctx) {
      super(memory);
      if (call.rexList.size() != 1
          || !(call.rexList.get(0) instanceof org.apache.calcite.rex.RexLiteral lit)) {
        throw new QueryException(QueryException.Code.UNSUPPORTED, "LITERAL_AGG " + call);
      }
      value = new ExprCompiler(ctx, java.util.List.of()).literal(lit, call.getType());
    }

    @Override
    void add(Vec arg, int[] gids, int n) {}

    @Override
    Vec result(int groups) {
      Vec v = value.eval(new Batch(groups, new Vec[0]));
      return v.gather(identity(groups), groups);
    }

    private static int[] identity(int n) {
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) {
        idx[i] = i;
      }
      return idx;
    }

    @Override
    void merge(Accumulator other, int[] remap, int n) {}

    @Override
    int bytesPerGroup() {
      return 0;
    }

    @Override
    void grow(int cap) {}
  }
}
