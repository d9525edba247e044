package io.cleanroom.query.check;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.util.ImmutableBitSet;

/** Lineage of row expressions: which input fields a {@link RexNode} depends on, and how. */
final class Expressions {

  private Expressions() {}

  /** The lineage of an expression over input fields with the given lineage. */
  static Lineage lineage(RexNode e, List<Lineage> inputs) {
    RexNode core = e;
    boolean widening = true;
    while (core.getKind() == SqlKind.CAST && core instanceof RexCall call) {
      RexNode operand = call.getOperands().get(0);
      widening &= isWidening(operand.getType(), call.getType());
      core = operand;
    }
    if (core instanceof RexInputRef ref) {
      Lineage l = inputs.get(ref.getIndex());
      return widening ? l : l.inexact();
    }
    return Lineage.derived(referenced(e, inputs));
  }

  /** The lineage of every input field the expression references. */
  static List<Lineage> referenced(RexNode e, List<Lineage> inputs) {
    ImmutableBitSet bits = RelOptUtil.InputFinder.bits(e);
    List<Lineage> out = new ArrayList<>();
    for (int i : bits) {
      out.add(inputs.get(i));
    }
    return out;
  }

  static boolean containsOver(RexNode e) {
    return RexOver.containsOver(e);
  }

  static boolean containsSubQuery(RexNode e) {
    return RexUtil.SubQueryFinder.find(List.of(e)) != null || e instanceof RexSubQuery;
  }

  /** Whether a cast keeps every value distinct (so equality on the result equals the original). */
  static boolean isWidening(RelDataType from, RelDataType to) {
    SqlTypeName f = from.getSqlTypeName();
    SqlTypeName t = to.getSqlTypeName();
    if (f == t) {
      if (f == SqlTypeName.DECIMAL) {
        return to.getScale() >= from.getScale()
            && to.getPrecision() - to.getScale() >= from.getPrecision() - from.getScale();
      }
      return !SqlTypeUtil.inCharFamily(from) || to.getPrecision() >= from.getPrecision();
    }
    if (SqlTypeUtil.isIntType(from)) {
      int rank = intRank(f);
      return switch (t) {
        case TINYINT, SMALLINT, INTEGER, BIGINT -> intRank(t) >= rank;
        case DECIMAL -> to.getPrecision() - to.getScale() >= new int[] {0, 3, 5, 10, 19}[rank];
        case DOUBLE -> rank <= 3;
        default -> false;
      };
    }
    if (f == SqlTypeName.CHAR) {
      return t == SqlTypeName.VARCHAR;
    }
    // Exact to approximate numbers: monotone and never failing, though not injective beyond
    // 15 digits; acceptable for aggregate arguments and join keys alike.
    return (f == SqlTypeName.DECIMAL || f == SqlTypeName.REAL) && t == SqlTypeName.DOUBLE;
  }

  private static int intRank(SqlTypeName t) {
    return switch (t) {
      case TINYINT -> 1;
      case SMALLINT -> 2;
      case INTEGER -> 3;
      default -> 4;
    };
  }
}
