package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Scalar functions evaluated a row at a time on Java values: string functions, LIKE and casts to
 * and from strings. Over a single string column they run once per dictionary code ({@link
 * DictMemo}), so the per-row cost stays a lookup.
 */
final class RowFunctions {

  private RowFunctions() {}

  static Expr like(ExprCompiler c, RexCall call) {
    List<RexNode> ops = call.getOperands();
    if (!(ops.get(1) instanceof RexLiteral p)
        || (ops.size() > 2 && !(ops.get(2) instanceof RexLiteral))) {
      throw new QueryException(QueryException.Code.UNSUPPORTED, "LIKE with a non-constant pattern");
    }
    String esc = ops.size() > 2 ? ((RexLiteral) ops.get(2)).getValueAs(String.class) : null;
    Pattern pattern = likePattern(p.getValueAs(String.class), esc);
    boolean negated = call.getOperator().getName().startsWith("NOT");
    return strict(
        c,
        List.of(ops.get(0)),
        call.getType(),
        args -> pattern.matcher((String) args[0]).matches() != negated);
  }

  static Pattern likePattern(String like, String escape) {
    StringBuilder re = new StringBuilder();
    char esc = escape == null || escape.isEmpty() ? 0 : escape.charAt(0);
    for (int i = 0; i < like.length(); i++) {
      char ch = like.charAt(i);
      if (esc != 0 && ch == esc && i + 1 < like.length()) {
        re.append(Pattern.quote(String.valueOf(like.charAt(++i))));
      } else if (ch == '%') {
        re.append(".*");
      } else if (ch == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  static Expr function(ExprCompiler c, RexCall call) {
    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    List<RexNode> ops = call.getOperands();
    Function<Object[], Object> f =
        switch (name) {
          case "UPPER" -> a -> ((String) a[0]).toUpperCase(Locale.ROOT);
          case "LOWER" -> a -> ((String) a[0]).toLowerCase(Locale.ROOT);
          case "CHAR_LENGTH", "CHARACTER_LENGTH" ->
              a -> (long) ((String) a[0]).codePointCount(0, ((String) a[0]).length());
          case "||" -> a -> (String) a[0] + a[1];
          case "SUBSTRING" -> a -> substring(a);
          case "TRIM" -> a -> trim(a);
          case "ABS" -> a -> a[0] instanceof BigDecimal d ? d.abs() : abs(a[0]);
          default ->
              throw new QueryException(
                  QueryException.Code.UNSUPPORTED, "the function " + name + " is not supported");
        };
    return strict(c, ops, call.getType(), f);
  }

  private static Object abs(Object v) {
    return v instanceof Long l ? (Object) Math.abs(l) : (Object) Math.abs((Double) v);
  }

  private static String substring(Object[] a) {
    String s = (String) a[0];
    long from = ((Number) a[1]).longValue();
    long len = a.length > 2 ? ((Number) a[2]).longValue() : Long.MAX_VALUE / 4;
    long start = Math.max(from, 1);
    long end = a.length > 2 ? from + len : s.length() + 1L;
    if (end <= start || start > s.length()) {
      return "";
    }
    return s.substring((int) start - 1, (int) Math.min(end - 1, s.length()));
  }

  private static String trim(Object[] a) {
    SqlTrimFunction.Flag flag = (SqlTrimFunction.Flag) a[0];
    String chars = (String) a[1];
    String s = (String) a[2];
    int b = 0;
    int e = s.length();
    if (flag != SqlTrimFunction.Flag.TRAILING) {
      while (b < e && chars.indexOf(s.charAt(b)) >= 0) {
        b++;
      }
    }
    if (flag != SqlTrimFunction.Flag.LEADING) {
      while (e > b && chars.indexOf(s.charAt(e - 1)) >= 0) {
        e--;
      }
    }
    return s.substring(b, e);
  }

  static Expr cast(ExprCompiler c, Expr e, RelDataType from, RelDataType to) {
    StringDictionary dict = c.ctx().dict;
    Function<Object, Object> f;
    if (Types.isString(to)) {
      f =
          v ->
              switch (v) {
                case BigDecimal d -> d.toPlainString();
                case Boolean b -> b ? "TRUE" : "FALSE";
                default -> v.toString();
              };
    } else if (Types.isString(from)) {
      f =
          v -> {
            String s = ((String) v).trim();
            try {
              return switch (to.getSqlTypeName()) {
                case DATE -> LocalDate.parse(s);
                case BOOLEAN -> Boolean.parseBoolean(s);
                case DOUBLE, FLOAT, REAL -> Double.parseDouble(s);
                case TINYINT, SMALLINT, INTEGER, BIGINT -> Long.parseLong(s);
                case DECIMAL -> new BigDecimal(s);
                default ->
                    throw new QueryException(
                        QueryException.Code.UNSUPPORTED, "CAST to " + to + " is not supported");
              };
            } catch (RuntimeException ex) {
              if (ex instanceof QueryException q) {
                throw q;
              }
              throw new QueryException(
                  QueryException.Code.INVALID_DATA, "a string cannot be cast to " + to);
            }
          };
    } else {
      throw new QueryException(
          QueryException.Code.UNSUPPORTED, "CAST from " + from + " to " + to + " is not supported");
    }
    return b -> {
      Vec v = e.eval(b);
      int n = b.rows();
      Out out = new Out(n, to, dict);
      for (int i = 0; i < n; i++) {
        Object x = Types.value(v, i, from, dict);
        out.set(i, x == null ? null : f.apply(x));
      }
      return out.vec();
    };
  }

  /** A function of Java values, null if any argument is null. */
  private static Expr strict(
      ExprCompiler c, List<RexNode> ops, RelDataType type, Function<Object[], Object> f) {
    StringDictionary dict = c.ctx().dict;
    Object[] symbols = new Object[ops.size()];
    Expr[] args = new Expr[ops.size()];
    RelDataType[] types = new RelDataType[ops.size()];
    for (int i = 0; i < ops.size(); i++) {
      RexNode op = ops.get(i);
      if (op instanceof RexLiteral lit && lit.getTypeName() == SqlTypeName.SYMBOL) {
        symbols[i] = lit.getValue();
      } else {
        args[i] = c.compile(op);
        types[i] = op.getType();
      }
    }
    return b -> {
      int n = b.rows();
      Vec[] vs = new Vec[args.length];
      for (int a = 0; a < args.length; a++) {
        vs[a] = args[a] == null ? null : args[a].eval(b);
      }
      Out out = new Out(n, type, dict);
      Object[] row = new Object[args.length];
      for (int i = 0; i < n; i++) {
        boolean anyNull = false;
        for (int a = 0; a < args.length; a++) {
          row[a] = vs[a] == null ? symbols[a] : Types.value(vs[a], i, types[a], dict);
          anyNull |= row[a] == null;
        }
        out.set(i, anyNull ? null : f.apply(row));
      }
      return out.vec();
    };
  }

  /** Builds a column of type {@code type} from Java values. */
  static final class Out {
    private final RelDataType type;
    private final StringDictionary dict;
    private final long[] longs;
    private final double[] doubles;
    private boolean[] nulls;

    Out(int n, RelDataType type, StringDictionary dict) {
      this.type = type;
      this.dict = dict;
      boolean dbl = Types.isDouble(type);
      this.longs = dbl ? null : new long[n];
      this.doubles = dbl ? new double[n] : null;
    }

    void set(int i, Object v) {
      if (v == null) {
        if (nulls == null) {
          nulls = new boolean[longs != null ? longs.length : doubles.length];
        }
        nulls[i] = true;
        return;
      }
      if (doubles != null) {
        doubles[i] = ((Number) v).doubleValue();
        return;
      }
      longs[i] =
          switch (v) {
            case Boolean b -> b ? 1 : 0;
            case String s -> dict.intern(s);
            case LocalDate d -> d.toEpochDay();
            case BigDecimal d -> unscaled(d, Types.scale(type));
            case Double d when type.getSqlTypeName() == SqlTypeName.DECIMAL ->
                unscaled(BigDecimal.valueOf(d), Types.scale(type));
            case Double d -> Math.round(d);
            case Number x when type.getSqlTypeName() == SqlTypeName.DECIMAL ->
                unscaled(BigDecimal.valueOf(x.longValue()), Types.scale(type));
            case Number x -> x.longValue();
            default ->
                throw new QueryException(
                    QueryException.Code.INTERNAL, "unexpected value of " + v.getClass());
          };
    }

    private static long unscaled(BigDecimal d, int scale) {
      try {
        return d.setScale(scale, RoundingMode.HALF_UP).unscaledValue().longValueExact();
      } catch (ArithmeticException e) {
        throw Kernels.overflow();
      }
    }

    Vec vec() {
      return longs != null ? Vec.ofLongs(longs, nulls) : Vec.ofDoubles(doubles, nulls);
    }
  }
}
