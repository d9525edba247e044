package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/** How SQL types are held in {@link Vec} columns and turned into result values. */
final class Types {

  static final long MILLIS_PER_DAY = 86_400_000L;

  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private Types() {}

  static long pow10(int n) {
    if (n < 0 || n >= POW10.length) {
      throw new QueryException(QueryException.Code.ARITHMETIC, "decimal scale out of range");
    }
    return POW10[n];
  }

  static boolean isDouble(RelDataType t) {
    return switch (t.getSqlTypeName()) {
      case DOUBLE, FLOAT, REAL -> true;
      default -> false;
    };
  }

  static boolean isString(RelDataType t) {
    return SqlTypeFamily.CHARACTER.contains(t);
  }

  static boolean isExactNumeric(RelDataType t) {
    return switch (t.getSqlTypeName()) {
      case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL -> true;
      default -> false;
    };
  }

  static boolean isNumeric(RelDataType t) {
    return isExactNumeric(t) || isDouble(t);
  }

  /** The decimal scale of exact numbers (0 for integers and everything else). */
  static int scale(RelDataType t) {
    return t.getSqlTypeName() == SqlTypeName.DECIMAL ? t.getScale() : 0;
  }

  static boolean isIntervalDayTime(RelDataType t) {
    return SqlTypeFamily.INTERVAL_DAY_TIME.contains(t);
  }

  static boolean isIntervalYearMonth(RelDataType t) {
    return SqlTypeFamily.INTERVAL_YEAR_MONTH.contains(t);
  }

  /** The result type of a column of SQL type {@code t}. */
  static ResultType resultType(RelDataType t) {
    boolean n = t.isNullable();
    return switch (t.getSqlTypeName()) {
      case BOOLEAN -> new ResultType(ResultType.Kind.BOOLEAN, 0, 0, n);
      case TINYINT, SMALLINT, INTEGER, BIGINT -> new ResultType(ResultType.Kind.BIGINT, 0, 0, n);
      case DOUBLE, FLOAT, REAL -> new ResultType(ResultType.Kind.DOUBLE, 0, 0, n);
      case DECIMAL -> new ResultType(ResultType.Kind.DECIMAL, t.getPrecision(), t.getScale(), n);
      case CHAR, VARCHAR -> new ResultType(ResultType.Kind.VARCHAR, 0, 0, n);
      case DATE -> new ResultType(ResultType.Kind.DATE, 0, 0, n);
      case TIMESTAMP -> new ResultType(ResultType.Kind.TIMESTAMP, 0, 0, n);
      default ->
          throw new QueryException(
              QueryException.Code.UNSUPPORTED,
              "result columns of type " + t + " are not supported");
    };
  }

  /** The Java value of row {@code i} of a column of type {@code t}. */
  static Object value(Vec v, int i, RelDataType t, StringDictionary dict) {
    if (v.isNull(i)) {
      return null;
    }
    if (v.isDouble()) {
      return v.doubles[i];
    }
    long x = v.longs[i];
    return switch (t.getSqlTypeName()) {
      case BOOLEAN -> x != 0;
      case DECIMAL -> BigDecimal.valueOf(x, t.getScale());
      case CHAR, VARCHAR -> dict.get((int) x);
      case DATE -> LocalDate.ofEpochDay(x);
      case TIMESTAMP ->
          LocalDateTime.ofEpochSecond(
              Math.floorDiv(x, 1000L), (int) Math.floorMod(x, 1000L) * 1_000_000, ZoneOffset.UTC);
      default -> x;
    };
  }
}
