package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import java.time.LocalDate;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/** Dates and timestamps plus or minus intervals. */
final class DateArithmetic {

  private DateArithmetic() {}

  static Expr compile(ExprCompiler c, RexCall call) {
    RexNode l = call.getOperands().get(0);
    RexNode r = call.getOperands().get(1);
    boolean minus = call.getKind() == SqlKind.MINUS;
    RexNode date = l;
    RexNode interval = r;
    if (Types.isIntervalDayTime(l.getType()) || Types.isIntervalYearMonth(l.getType())) {
      date = r;
      interval = l;
    }
    RelDataType it = interval.getType();
    boolean ts = date.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP;
    boolean months = Types.isIntervalYearMonth(it);
    if (!Types.isIntervalDayTime(it) && !months) {
      throw new QueryException(QueryException.Code.UNSUPPORTED, "date arithmetic with " + it);
    }
    Expr d = c.compile(date);
    Expr i = c.compile(interval);
    return b -> {
      Vec dv = d.eval(b);
      Vec iv = i.eval(b);
      int n = b.rows();
      long[] out = new long[n];
      for (int k = 0; k < n; k++) {
        long amount = minus ? -iv.longs[k] : iv.longs[k];
        long v = dv.longs[k];
        if (months) {
          long day = ts ? Math.floorDiv(v, Types.MILLIS_PER_DAY) : v;
          long moved = LocalDate.ofEpochDay(day).plusMonths(amount).toEpochDay();
          out[k] = ts ? v + (moved - day) * Types.MILLIS_PER_DAY : moved;
        } else {
          out[k] = ts ? v + amount : v + Math.floorDiv(amount, Types.MILLIS_PER_DAY);
        }
      }
      return Vec.ofLongs(out, Kernels.orNulls(dv.nulls, iv.nulls, n));
    };
  }
}
