package io.cleanroom.query.exec;

import io.cleanroom.query.plan.GroupThreshold;
import io.cleanroom.query.plan.SuppressSmallGroups;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;

/**
 * DuckDB as the correctness oracle: a checked plan's threshold node becomes a plain filter on the
 * hidden counts (and, for the suppressed count, its negation), printed as SQL for DuckDB.
 */
final class DuckDbOracle {

  private static final SqlDialect DIALECT = PostgresqlSqlDialect.DEFAULT;

  private DuckDbOracle() {}

  /** The plan with every threshold node as Project(Filter(counts >= minimum)). */
  static RelNode withThresholdAsFilter(RelNode rel, boolean suppressedOnly) {
    if (rel instanceof SuppressSmallGroups s) {
      RelBuilder b =
          RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(s.getCluster(), null);
      b.push(s.getInput());
      RexBuilder rx = s.getCluster().getRexBuilder();
      List<RexNode> conds = new ArrayList<>();
      for (GroupThreshold t : s.thresholds()) {
        conds.add(
            b.call(
                SqlStdOperatorTable.GREATER_THAN_OR_EQUAL,
                b.field(t.field()),
                rx.makeExactLiteral(BigDecimal.valueOf(t.minimum()))));
      }
      RexNode all = b.and(conds);
      if (suppressedOnly) {
        b.filter(b.not(all));
        b.aggregate(b.groupKey(), b.countStar("suppressed"));
        return b.build();
      }
      b.filter(all);
      List<RexNode> keep = new ArrayList<>();
      for (int i = 0; i < s.visibleFields(); i++) {
        keep.add(b.field(i));
      }
      b.project(keep, s.getRowType().getFieldNames(), true);
      return b.build();
    }
    if (suppressedOnly) {
      for (RelNode in : rel.getInputs()) {
        RelNode r = withThresholdAsFilter(in, true);
        if (r != null) {
          return r;
        }
      }
      return null;
    }
    List<RelNode> inputs = new ArrayList<>();
    for (RelNode in : rel.getInputs()) {
      inputs.add(withThresholdAsFilter(in, false));
    }
    return inputs.isEmpty() ? rel : rel.copy(rel.getTraitSet(), inputs);
  }

  static String sql(RelNode rel) {
    RelNode plain = renameSemiJoinInputs(rel);
    var converter = new RelToSqlConverter(DIALECT);
    return converter.visitRoot(plain).asStatement().toSqlString(DIALECT).getSql();
  }

  /**
   * Calcite prints semi-joins as EXISTS with unqualified column names that resolve inside the
   * sub-query; unique names on the right side keep them apart.
   */
  private static RelNode renameSemiJoinInputs(RelNode rel) {
    List<RelNode> inputs = new ArrayList<>();
    for (RelNode in : rel.getInputs()) {
      inputs.add(renameSemiJoinInputs(in));
    }
    if (rel instanceof org.apache.calcite.rel.core.Join j
        && (j.getJoinType() == org.apache.calcite.rel.core.JoinRelType.SEMI
            || j.getJoinType() == org.apache.calcite.rel.core.JoinRelType.ANTI)) {
      RelBuilder b =
          RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(rel.getCluster(), null);
      b.push(inputs.get(1));
      List<String> names = new ArrayList<>();
      for (String n : inputs.get(1).getRowType().getFieldNames()) {
        names.add(n + "_semi_r");
      }
      b.project(b.fields(), names, true);
      inputs.set(1, b.build());
    }
    return inputs.isEmpty() ? rel : rel.copy(rel.getTraitSet(), inputs);
  }

  static List<List<Object>> query(Connection duck, String sql) {
    return io.cleanroom.testing.DuckDbPeer.query(duck, sql);
  }

  /**
   * Asserts equal row sets (or sequences when {@code ordered}): exact numbers compare exactly,
   * approximate ones (a double on either side) within a relative 1e-5.
   */
  static void assertSameRows(
      List<List<Object>> actual, List<List<Object>> expected, boolean ordered, String what) {
    List<List<Object>> a = new ArrayList<>(actual);
    List<List<Object>> e = new ArrayList<>(expected);
    if (!ordered) {
      Comparator<List<Object>> byKey = Comparator.comparing(DuckDbOracle::sortKey);
      a.sort(byKey);
      e.sort(byKey);
    }
    org.assertj.core.api.Assertions.assertThat(a.size())
        .as(what + "\nrows: " + normalize(a, true) + "\nexpected: " + normalize(e, true))
        .isEqualTo(e.size());
    for (int r = 0; r < a.size(); r++) {
      for (int c = 0; c < e.get(r).size(); c++) {
        Object x = a.get(r).get(c);
        Object y = e.get(r).get(c);
        org.assertj.core.api.Assertions.assertThat(same(x, y))
            .as(
                what
                    + "\nrow "
                    + r
                    + " column "
                    + c
                    + ": "
                    + cell(x)
                    + " vs "
                    + cell(y)
                    + "\nrows: "
                    + normalize(a, true)
                    + "\nexpected: "
                    + normalize(e, true))
            .isTrue();
      }
    }
  }

  private static String sortKey(List<Object> row) {
    StringBuilder sb = new StringBuilder();
    for (Object v : row) {
      String k = cell(v);
      if (v instanceof Number n) {
        BigDecimal d = new BigDecimal(n.toString());
        k =
            d.stripTrailingZeros().scale() <= 0
                ? d.toBigInteger().toString()
                : d.round(new MathContext(3)).toPlainString();
      }
      sb.append(k).append('|');
    }
    return sb.toString();
  }

  private static boolean same(Object x, Object y) {
    if (x == null || y == null) {
      return x == y;
    }
    if (x instanceof Number a && y instanceof Number b) {
      BigDecimal da = new BigDecimal(a.toString());
      BigDecimal db = new BigDecimal(b.toString());
      boolean approx =
          a instanceof Double || b instanceof Double || a instanceof Float || b instanceof Float;
      if (!approx) {
        return da.compareTo(db) == 0;
      }
      double diff = Math.abs(da.doubleValue() - db.doubleValue());
      return diff <= 1e-6 + 1e-5 * Math.max(Math.abs(da.doubleValue()), Math.abs(db.doubleValue()));
    }
    return cell(x).equals(cell(y));
  }

  /** Rows as comparable text: numbers to 9 significant digits, dates ISO. */
  static List<String> normalize(List<List<Object>> rows, boolean ordered) {
    List<String> out = new ArrayList<>();
    for (List<Object> row : rows) {
      List<String> cells = new ArrayList<>();
      for (Object v : row) {
        cells.add(cell(v));
      }
      out.add(String.join(" | ", cells));
    }
    if (!ordered) {
      out.sort(Comparator.naturalOrder());
    }
    return out;
  }

  static String cell(Object v) {
    return switch (v) {
      case null -> "NULL";
      case Double d -> number(BigDecimal.valueOf(d));
      case Float f -> number(BigDecimal.valueOf(f));
      case BigDecimal d -> number(d);
      case Number n -> number(new BigDecimal(n.toString()));
      case java.sql.Date d -> d.toLocalDate().toString();
      case LocalDate d -> d.toString();
      case LocalDateTime t -> t.toString();
      case java.sql.Timestamp t -> t.toLocalDateTime().toString();
      case String s -> s.stripTrailing();
      default -> v.toString();
    };
  }

  private static String number(BigDecimal d) {
    if (d.signum() == 0) {
      return "0";
    }
    return d.round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }
}
