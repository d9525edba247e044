package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimestampString;

/**
 * Compiles Calcite row expressions into batch-at-a-time evaluators over {@link Vec} columns.
 * Expressions that read a single string column are evaluated once per dictionary code and then
 * looked up ({@link DictMemo}); constant sub-expressions are folded.
 */
final class ExprCompiler {

  private final ExecContext ctx;
  private final List<RelDataType> inputTypes;
  private boolean inMemo;

  ExprCompiler(ExecContext ctx, List<RelDataType> inputTypes) {
    this.ctx = ctx;
    this.inputTypes = inputTypes;
  }

  Expr compile(RexNode node) {
    if (!inMemo && node instanceof RexCall call && memoizable(call)) {
      int field = firstRef(call);
      inMemo = true;
      try {
        return new DictMemo(ctx, compileNode(call), field, inputTypes.size(), node.getType());
      } finally {
        inMemo = false;
      }
    }
    return compileNode(node);
  }

  private static int firstRef(RexCall call) {
    return refs(call).first();
  }

  private static java.util.TreeSet<Integer> refs(RexNode call) {
    var refs = new java.util.TreeSet<Integer>();
    call.accept(
        new org.apache.calcite.rex.RexVisitorImpl<Void>(true) {
          @Override
          public Void visitInputRef(RexInputRef ref) {
            refs.add(ref.getIndex());
            return null;
          }
        });
    return refs;
  }

  private boolean memoizable(RexCall call) {
    var refs = refs(call);
    return refs.size() == 1
        && Types.isString(inputTypes.get(refs.first()))
        && RexUtil.isDeterministic(call);
  }

  private Expr compileNode(RexNode node) {
    return switch (node) {
      case RexInputRef ref -> {
        int i = ref.getIndex();
        yield b -> b.cols()[i];
      }
      case RexLiteral lit -> literal(lit, lit.getType());
      case RexCall call -> {
        Expr e = call(call);
        yield fold(e, call);
      }
      default ->
          throw new QueryException(
              QueryException.Code.UNSUPPORTED, "expression " + node + " is not supported");
    };
  }

  private Expr fold(Expr e, RexCall call) {
    if (e.isConstant() || !RexUtil.isDeterministic(call)) {
      return e;
    }
    for (RexNode op : call.getOperands()) {
      if (!(op instanceof RexLiteral) && !(op instanceof RexCall c && isFoldedConstant(c))) {
        return e;
      }
    }
    Vec v = e.eval(new Batch(1, new Vec[inputTypes.size()]));
    return Const.of(v);
  }

  private static boolean isFoldedConstant(RexCall c) {
    return RexUtil.isConstant(c) && RexUtil.isDeterministic(c);
  }

  Const literal(RexLiteral lit, RelDataType type) {
    boolean dbl = Types.isDouble(type);
    if (lit.isNull()) {
      return Const.ofNull(dbl);
    }
    SqlTypeName t = type.getSqlTypeName();
    if (dbl) {
      return Const.ofDouble(lit.getValueAs(Double.class));
    }
    return switch (t) {
      case BOOLEAN -> Const.ofLong(Boolean.TRUE.equals(lit.getValueAs(Boolean.class)) ? 1 : 0);
      case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL -> Const.ofLong(unscaled(lit, type));
      case VARCHAR -> Const.ofLong(ctx.dict.intern(lit.getValueAs(NlsString.class).getValue()));
      case CHAR ->
          Const.ofLong(
              ctx.dict.intern(stripTrailingSpaces(lit.getValueAs(NlsString.class).getValue())));
      case DATE -> Const.ofLong(lit.getValueAs(DateString.class).getDaysSinceEpoch());
      case TIMESTAMP -> Const.ofLong(lit.getValueAs(TimestampString.class).getMillisSinceEpoch());
      default -> {
        if (Types.isIntervalDayTime(type) || Types.isIntervalYearMonth(type)) {
          yield Const.ofLong(lit.getValueAs(BigDecimal.class).longValueExact());
        }
        throw new QueryException(
            QueryException.Code.UNSUPPORTED, "literals of type " + type + " are not supported");
      }
    };
  }

  /**
   * The value of a non-null string literal as {@link #compile} compares it: CHAR(n) literals
   * without their padding.
   */
  static String stringLiteral(RexLiteral lit) {
    String v = lit.getValueAs(NlsString.class).getValue();
    return lit.getType().getSqlTypeName() == SqlTypeName.CHAR ? stripTrailingSpaces(v) : v;
  }

  /** CHAR(n) literals arrive padded to a common length; trailing spaces do not count in SQL. */
  private static String stripTrailingSpaces(String s) {
    int e = s.length();
    while (e > 0 && s.charAt(e - 1) == ' ') {
      e--;
    }
    return s.substring(0, e);
  }

  private static long unscaled(RexLiteral lit, RelDataType type) {
    BigDecimal v = lit.getValueAs(BigDecimal.class);
    try {
      return v.setScale(Types.scale(type), RoundingMode.HALF_UP).unscaledValue().longValueExact();
    } catch (ArithmeticException e) {
      throw Kernels.overflow();
    }
  }

  private Expr call(RexCall call) {
    SqlKind kind = call.getKind();
    List<RexNode> ops = call.getOperands();
    return switch (kind) {
      case EQUALS -> compare(Kernels.EQ, ops);
      case NOT_EQUALS -> compare(Kernels.NE, ops);
      case LESS_THAN -> compare(Kernels.LT, ops);
      case LESS_THAN_OR_EQUAL -> compare(Kernels.LE, ops);
      case GREATER_THAN -> compare(Kernels.GT, ops);
      case GREATER_THAN_OR_EQUAL -> compare(Kernels.GE, ops);
      case AND -> Logic.and(compileAll(ops));
      case OR -> Logic.or(compileAll(ops));
      case NOT -> Logic.not(compile(ops.get(0)));
      case IS_NULL -> Logic.isNull(compile(ops.get(0)), true);
      case IS_NOT_NULL -> Logic.isNull(compile(ops.get(0)), false);
      case IS_TRUE -> Logic.isValue(compile(ops.get(0)), 1, false);
      case IS_NOT_TRUE -> Logic.isValue(compile(ops.get(0)), 1, true);
      case IS_FALSE -> Logic.isValue(compile(ops.get(0)), 0, false);
      case IS_NOT_FALSE -> Logic.isValue(compile(ops.get(0)), 0, true);
      case SEARCH -> compileNode(RexUtil.expandSearch(ctx.rexBuilder, null, call));
      case PLUS, MINUS, TIMES, DIVIDE, MOD -> arithmetic(call);
      case MINUS_PREFIX -> negate(call);
      case PLUS_PREFIX -> compile(ops.get(0));
      case CASE -> caseWhen(call);
      case CAST -> cast(compile(ops.get(0)), ops.get(0).getType(), call.getType());
      case EXTRACT -> extract(call);
      case LIKE -> RowFunctions.like(this, call);
      case OTHER_FUNCTION, TRIM, POSITION, OTHER -> RowFunctions.function(this, call);
      default -> {
        if (call.getOperator().getName().equals("||")) {
          yield RowFunctions.function(this, call);
        }
        throw new QueryException(
            QueryException.Code.UNSUPPORTED,
            "the operator " + call.getOperator().getName() + " is not supported");
      }
    };
  }

  List<Expr> compileAll(List<RexNode> nodes) {
    List<Expr> out = new ArrayList<>();
    for (RexNode n : nodes) {
      out.add(compile(n));
    }
    return out;
  }

  ExecContext ctx() {
    return ctx;
  }

  private Expr compare(int op, List<RexNode> ops) {
    RelDataType ta = ops.get(0).getType();
    RelDataType tb = ops.get(1).getType();
    Expr a = compile(ops.get(0));
    Expr b = compile(ops.get(1));
    if (Types.isString(ta) || Types.isString(tb)) {
      if (!(Types.isString(ta) && Types.isString(tb))) {
        throw new QueryException(
            QueryException.Code.UNSUPPORTED, "comparing " + ta + " with " + tb);
      }
      return stringCompare(op, a, b);
    }
    if (Types.isDouble(ta) || Types.isDouble(tb)) {
      Expr da = toDouble(a, ta);
      Expr db = toDouble(b, tb);
      return batch -> {
        Vec x = da.eval(batch);
        Vec y = db.eval(batch);
        int n = batch.rows();
        return Vec.ofLongs(
            Kernels.compare(op, x.doubles, y.doubles, n), Kernels.orNulls(x.nulls, y.nulls, n));
      };
    }
    int scale = Math.max(exactScale(ta), exactScale(tb));
    Expr la = rescale(a, exactScale(ta), scale);
    Expr lb = rescale(b, exactScale(tb), scale);
    if (lb instanceof Const c && !c.isNull) {
      long k = c.longValue;
      return batch -> {
        Vec x = la.eval(batch);
        int n = batch.rows();
        return Vec.ofLongs(Kernels.compare(op, x.longs, k, n), x.nulls);
      };
    }
    return batch -> {
      Vec x = la.eval(batch);
      Vec y = lb.eval(batch);
      int n = batch.rows();
      return Vec.ofLongs(
          Kernels.compare(op, x.longs, y.longs, n), Kernels.orNulls(x.nulls, y.nulls, n));
    };
  }

  private Expr stringCompare(int op, Expr a, Expr b) {
    StringDictionary dict = ctx.dict;
    return batch -> {
      Vec x = a.eval(batch);
      Vec y = b.eval(batch);
      int n = batch.rows();
      long[] r;
      if (op == Kernels.EQ || op == Kernels.NE) {
        r = Kernels.compare(op, x.longs, y.longs, n);
      } else {
        r = new long[n];
        for (int i = 0; i < n; i++) {
          if (!x.isNull(i) && !y.isNull(i)) {
            int c = dict.get((int) x.longs[i]).compareTo(dict.get((int) y.longs[i]));
            r[i] = Kernels.test(op, c) ? 1 : 0;
          }
        }
      }
      return Vec.ofLongs(r, Kernels.orNulls(x.nulls, y.nulls, n));
    };
  }

  /** The scale of an exact value held in a long (decimals; 0 for integers, dates, …). */
  static int exactScale(RelDataType t) {
    return Types.scale(t);
  }

  static Expr rescale(Expr e, int from, int to) {
    if (from == to) {
      return e;
    }
    if (e instanceof Const c) {
      if (c.isNull) {
        return c;
      }
      long[] r = Kernels.rescale(new long[] {c.longValue}, 1, from, to);
      return Const.ofLong(r[0]);
    }
    return b -> {
      Vec v = e.eval(b);
      return Vec.ofLongs(Kernels.rescale(v.longs, b.rows(), from, to), v.nulls);
    };
  }

  static Expr toDouble(Expr e, RelDataType t) {
    if (Types.isDouble(t)) {
      return e;
    }
    int scale = exactScale(t);
    if (e instanceof Const c) {
      return c.isNull
          ? Const.ofNull(true)
          : Const.ofDouble(c.longValue / (double) Types.pow10(scale));
    }
    return b -> {
      Vec v = e.eval(b);
      return Vec.ofDoubles(Kernels.toDouble(v.longs, b.rows(), scale), v.nulls);
    };
  }

  private Expr arithmetic(RexCall call) {
    RexNode l = call.getOperands().get(0);
    RexNode r = call.getOperands().get(1);
    RelDataType rt = call.getType();
    SqlKind kind = call.getKind();
    if (rt.getSqlTypeName() == SqlTypeName.DATE || rt.getSqlTypeName() == SqlTypeName.TIMESTAMP) {
      return DateArithmetic.compile(this, call);
    }
    if (!Types.isNumeric(rt) || !Types.isNumeric(l.getType()) || !Types.isNumeric(r.getType())) {
      throw new QueryException(
          QueryException.Code.UNSUPPORTED, "arithmetic on " + l.getType() + " and " + r.getType());
    }
    Expr a = compile(l);
    Expr b = compile(r);
    if (Types.isDouble(rt)) {
      Expr da = toDouble(a, l.getType());
      Expr db = toDouble(b, r.getType());
      char op = symbol(kind);
      return batch -> {
        Vec x = da.eval(batch);
        Vec y = db.eval(batch);
        int n = batch.rows();
        return Vec.ofDoubles(
            Kernels.arithmetic(op, x.doubles, y.doubles, n), Kernels.orNulls(x.nulls, y.nulls, n));
      };
    }
    int sl = exactScale(l.getType());
    int sr = exactScale(r.getType());
    int so = exactScale(rt);
    return switch (kind) {
      case PLUS, MINUS -> {
        int s = Math.max(Math.max(sl, sr), so);
        Expr x = rescale(a, sl, s);
        Expr y = rescale(b, sr, s);
        boolean sub = kind == SqlKind.MINUS;
        yield rescale(
            batch -> {
              Vec u = x.eval(batch);
              Vec v = y.eval(batch);
              int n = batch.rows();
              return Vec.ofLongs(
                  Kernels.add(u.longs, v.longs, n, sub), Kernels.orNulls(u.nulls, v.nulls, n));
            },
            s,
            so);
      }
      case TIMES ->
          rescale(
              batch -> {
                Vec u = a.eval(batch);
                Vec v = b.eval(batch);
                int n = batch.rows();
                return Vec.ofLongs(
                    Kernels.multiply(u.longs, v.longs, n), Kernels.orNulls(u.nulls, v.nulls, n));
              },
              sl + sr,
              so);
      case DIVIDE -> divide(a, b, sl, sr, so);
      default -> modulo(a, b);
    };
  }

  private static char symbol(SqlKind kind) {
    return switch (kind) {
      case PLUS -> '+';
      case MINUS -> '-';
      case TIMES -> '*';
      case DIVIDE -> '/';
      default ->
          throw new QueryException(
              QueryException.Code.UNSUPPORTED, kind + " on approximate numbers");
    };
  }

  private static Expr divide(Expr a, Expr b, int sl, int sr, int so) {
    return batch -> {
      Vec u = a.eval(batch);
      Vec v = b.eval(batch);
      int n = batch.rows();
      boolean[] nulls = Kernels.orNulls(u.nulls, v.nulls, n);
      long[] r = new long[n];
      for (int i = 0; i < n; i++) {
        if (nulls != null && nulls[i]) {
          continue;
        }
        if (v.longs[i] == 0) {
          throw new QueryException(QueryException.Code.ARITHMETIC, "division by zero");
        }
        if (sl == 0 && sr == 0 && so == 0) {
          r[i] = u.longs[i] / v.longs[i];
        } else {
          BigDecimal q =
              BigDecimal.valueOf(u.longs[i], sl)
                  .divide(BigDecimal.valueOf(v.longs[i], sr), so, RoundingMode.HALF_UP);
          try {
            r[i] = q.unscaledValue().longValueExact();
          } catch (ArithmeticException e) {
            throw Kernels.overflow();
          }
        }
      }
      return Vec.ofLongs(r, nulls);
    };
  }

  private static Expr modulo(Expr a, Expr b) {
    return batch -> {
      Vec u = a.eval(batch);
      Vec v = b.eval(batch);
      int n = batch.rows();
      boolean[] nulls = Kernels.orNulls(u.nulls, v.nulls, n);
      long[] r = new long[n];
      for (int i = 0; i < n; i++) {
        if (nulls == null || !nulls[i]) {
          if (v.longs[i] == 0) {
            throw new QueryException(QueryException.Code.ARITHMETIC, "division by zero");
          }
          r[i] = u.longs[i] % v.longs[i];
        }
      }
      return Vec.ofLongs(r, nulls);
    };
  }

  private Expr negate(RexCall call) {
    Expr a = compile(call.getOperands().get(0));
    return b -> {
      Vec v = a.eval(b);
      int n = b.rows();
      if (v.isDouble()) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
          r[i] = -v.doubles[i];
        }
        return Vec.ofDoubles(r, v.nulls);
      }
      long[] r = new long[n];
      for (int i = 0; i < n; i++) {
        r[i] = Math.negateExact(v.longs[i]);
      }
      return Vec.ofLongs(r, v.nulls);
    };
  }

  private Expr caseWhen(RexCall call) {
    List<RexNode> ops = call.getOperands();
    RelDataType rt = call.getType();
    List<Expr> conds = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    for (int i = 0; i + 1 < ops.size(); i += 2) {
      conds.add(compile(ops.get(i)));
      values.add(cast(compile(ops.get(i + 1)), ops.get(i + 1).getType(), rt));
    }
    values.add(cast(compile(ops.get(ops.size() - 1)), ops.get(ops.size() - 1).getType(), rt));
    boolean dbl = Types.isDouble(rt);
    return b -> {
      int n = b.rows();
      int[] choice = new int[n];
      java.util.Arrays.fill(choice, conds.size());
      for (int c = conds.size() - 1; c >= 0; c--) {
        Vec v = conds.get(c).eval(b);
        for (int i = 0; i < n; i++) {
          if (v.longs[i] == 1 && !v.isNull(i)) {
            choice[i] = c;
          }
        }
      }
      Vec[] vals = new Vec[values.size()];
      for (int c = 0; c < vals.length; c++) {
        vals[c] = values.get(c).eval(b);
      }
      boolean[] nulls = null;
      long[] ls = dbl ? null : new long[n];
      double[] ds = dbl ? new double[n] : null;
      for (int i = 0; i < n; i++) {
        Vec v = vals[choice[i]];
        if (v.isNull(i)) {
          if (nulls == null) {
            nulls = new boolean[n];
          }
          nulls[i] = true;
        } else if (dbl) {
          ds[i] = v.doubles[i];
        } else {
          ls[i] = v.longs[i];
        }
      }
      return dbl ? Vec.ofDoubles(ds, nulls) : Vec.ofLongs(ls, nulls);
    };
  }

  Expr cast(Expr e, RelDataType from, RelDataType to) {
    SqlTypeName f = from.getSqlTypeName();
    SqlTypeName t = to.getSqlTypeName();
    if (Types.isNumeric(from) && Types.isNumeric(to)) {
      if (Types.isDouble(to)) {
        return toDouble(e, from);
      }
      if (Types.isDouble(from)) {
        long m = Types.pow10(exactScale(to));
        return b -> {
          Vec v = e.eval(b);
          int n = b.rows();
          long[] r = new long[n];
          for (int i = 0; i < n; i++) {
            double x = v.doubles[i] * m;
            if (!v.isNull(i) && (Double.isNaN(x) || Math.abs(x) >= 9.2e18)) {
              throw Kernels.overflow();
            }
            r[i] = Math.round(x);
          }
          return Vec.ofLongs(r, v.nulls);
        };
      }
      return rescale(e, exactScale(from), exactScale(to));
    }
    if (f == t || (Types.isString(from) && Types.isString(to))) {
      return e;
    }
    if (f == SqlTypeName.DATE && t == SqlTypeName.TIMESTAMP) {
      return b -> {
        Vec v = e.eval(b);
        long[] r = new long[b.rows()];
        for (int i = 0; i < r.length; i++) {
          r[i] = v.longs[i] * Types.MILLIS_PER_DAY;
        }
        return Vec.ofLongs(r, v.nulls);
      };
    }
    if (f == SqlTypeName.TIMESTAMP && t == SqlTypeName.DATE) {
      return b -> {
        Vec v = e.eval(b);
        long[] r = new long[b.rows()];
        for (int i = 0; i < r.length; i++) {
          r[i] = Math.floorDiv(v.longs[i], Types.MILLIS_PER_DAY);
        }
        return Vec.ofLongs(r, v.nulls);
      };
    }
    if (f == SqlTypeName.NULL) {
      return Const.ofNull(Types.isDouble(to));
    }
    return RowFunctions.cast(this, e, from, to);
  }

  private Expr extract(RexCall call) {
    TimeUnitRange unit = ((RexLiteral) call.getOperands().get(0)).getValueAs(TimeUnitRange.class);
    RexNode arg = call.getOperands().get(1);
    Expr e = compile(arg);
    boolean ts = arg.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP;
    if (!ts && arg.getType().getSqlTypeName() != SqlTypeName.DATE) {
      throw new QueryException(QueryException.Code.UNSUPPORTED, "EXTRACT from " + arg.getType());
    }
    int field =
        switch (unit) {
          case YEAR -> 0;
          case MONTH -> 1;
          case DAY -> 2;
          case QUARTER -> 3;
          default -> throw new QueryException(QueryException.Code.UNSUPPORTED, "EXTRACT " + unit);
        };
    return b -> {
      Vec v = e.eval(b);
      int n = b.rows();
      long[] r = new long[n];
      for (int i = 0; i < n; i++) {
        long day = ts ? Math.floorDiv(v.longs[i], Types.MILLIS_PER_DAY) : v.longs[i];
        r[i] = field == 3 ? (Kernels.civil(day, 1) + 2) / 3 : Kernels.civil(day, field);
      }
      return Vec.ofLongs(r, v.nulls);
    };
  }
}
