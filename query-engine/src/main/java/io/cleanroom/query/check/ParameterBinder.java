package io.cleanroom.query.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.util.DateString;

/** Binds JSON parameter values to a plan's {@code ?} placeholders as typed literals. */
public final class ParameterBinder {

  private ParameterBinder() {}

  /** Why a value does not fit the placeholder's type, or empty if it fits. */
  public static Optional<String> mismatch(JsonNode value, RelDataType type, int index) {
    boolean ok =
        value.isNull()
            || (SqlTypeUtil.isExactNumeric(type) && value.isIntegralNumber())
            || (SqlTypeUtil.isDecimal(type) && value.isNumber())
            || (SqlTypeUtil.isApproximateNumeric(type) && value.isNumber())
            || (SqlTypeUtil.inCharFamily(type) && value.isTextual())
            || (SqlTypeUtil.isBoolean(type) && value.isBoolean())
            || (SqlTypeUtil.isDate(type) && isDate(value));
    return ok
        ? Optional.empty()
        : Optional.of(
            "parameter "
                + (index + 1)
                + " must be a "
                + type.getSqlTypeName()
                + " but is "
                + value.getNodeType());
  }

  private static boolean isDate(JsonNode v) {
    try {
      LocalDate.parse(v.textValue() == null ? "" : v.textValue());
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** The plan with every placeholder replaced by its value. */
  public static RelNode bind(RelNode plan, List<JsonNode> values) {
    if (values.isEmpty()) {
      return plan;
    }
    RexBuilder rex = plan.getCluster().getRexBuilder();
    RexShuttle literals =
        new RexShuttle() {
          @Override
          public RexNode visitDynamicParam(RexDynamicParam p) {
            return literal(rex, values.get(p.getIndex()), p.getType());
          }
        };
    return plan.accept(
        new RelHomogeneousShuttle() {
          @Override
          public RelNode visit(RelNode other) {
            return super.visit(other).accept(literals);
          }
        });
  }

  private static RexNode literal(RexBuilder rex, JsonNode v, RelDataType type) {
    if (v.isNull()) {
      return rex.makeNullLiteral(type);
    }
    Object value;
    if (SqlTypeUtil.isDate(type)) {
      value = new DateString(v.textValue());
    } else if (v.isNumber()) {
      value = new BigDecimal(v.asText());
    } else if (v.isBoolean()) {
      value = v.booleanValue();
    } else {
      value = v.textValue();
    }
    return rex.makeLiteral(value, type, true);
  }
}
