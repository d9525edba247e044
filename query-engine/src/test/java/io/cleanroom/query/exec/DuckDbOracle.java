package io.cleanroom.query.exec;

import io.cleanroom.query.plan.GroupThreshold;
import io.cleanroom.query.plan.SuppressSmallGroups;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
    RelNode plain = org.apache.calcite.plan.hep.HepPlanner.class.isInstance(null) ? rel : rel;
    var converter = new RelToSqlConverter(DIALECT);
    return converter.visitRoot(plain).asStatement().toSqlString(DIALECT).getSql();
  }

  static List<List<Object>> query(Connection duck, String sql) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int c = 1; c <= n; c++) {
          row.add(rs.getObject(c));
        }
        rows.add(row);
      }
    }
    return rows;
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
      default -> v.toString();
    };
  }

  private static String number(BigDecimal d) {
    if (d.signum() == 0) {
      return "0";
    }
    return d.round(new MathContext(9)).stripTrailingZeros().toPlainString();
  }
}
