package io.cleanroom.query.check;

import io.cleanroom.query.contract.ColumnRole;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * The join rule: dataset rows may be joined only on equalities between unchanged join columns;
 * further conditions are filters (dimensions only); anti-joins are refused.
 */
final class JoinCheck {

  private final RoleGuard guard;

  JoinCheck(RoleGuard guard) {
    this.guard = guard;
  }

  NodeInfo check(Join join, NodeInfo left, NodeInfo right) {
    List<Lineage> fields = new ArrayList<>(left.fields());
    if (join.getJoinType().projectsRight()) {
      fields.addAll(right.fields());
    }
    List<Lineage> both = new ArrayList<>(left.fields());
    both.addAll(right.fields());
    Zone zone = left.zone().combine(right.zone());
    if (zone == Zone.INVALID) {
      if (left.zone() != Zone.INVALID && right.zone() != Zone.INVALID) {
        guard.refuse(
            RefusalCode.ROWS_COMBINED_WITH_RESULTS,
            "a join combines dataset rows with"
                + " aggregated results; the aggregated side could be used to select rows");
      }
      return NodeInfo.invalid(join.getRowType().getFieldCount());
    }
    if (Expressions.containsSubQuery(join.getCondition())) {
      guard.refuse(
          RefusalCode.UNSUPPORTED,
          "the check does not support a sub-query in a join" + " condition");
      return NodeInfo.invalid(join.getRowType().getFieldCount());
    }
    if (left.zone() == Zone.RAW && right.zone() == Zone.RAW) {
      checkRawJoin(join, left, right, both);
    } else if (zone == Zone.RAW) {
      Lineage l = Lineage.derived(Expressions.referenced(join.getCondition(), both));
      guard.require(
          l,
          ColumnRole.DIMENSION,
          RefusalCode.FILTER_NOT_DIMENSION,
          "a join condition with constant rows");
    }
    return new NodeInfo(zone, fields);
  }

  private void checkRawJoin(Join join, NodeInfo left, NodeInfo right, List<Lineage> both) {
    JoinRelType type = join.getJoinType();
    if (type == JoinRelType.ANTI) {
      guard.refuse(
          RefusalCode.JOIN_TYPE_NOT_ALLOWED,
          "anti-joins (NOT IN, NOT EXISTS) reveal"
              + " which identities are absent from another party's data");
      return;
    }
    JoinInfo info = join.analyzeCondition();
    if (info.pairs().isEmpty()) {
      guard.refuse(
          RefusalCode.JOIN_NOT_EQUI,
          "datasets may be joined only on equality of join"
              + " columns; this join has no such condition");
    }
    for (int i = 0; i < info.leftKeys.size(); i++) {
      Lineage l = left.fields().get(info.leftKeys.get(i));
      Lineage r = right.fields().get(info.rightKeys.get(i));
      for (Lineage key : List.of(l, r)) {
        if (!key.exact() && !key.sources().isEmpty()) {
          guard.refuse(
              RefusalCode.JOIN_KEY_NOT_JOIN_COLUMN,
              "a join key is computed from "
                  + key.sources()
                  + "; join columns may only be compared unchanged");
        }
        if (key.sources().isEmpty()) {
          guard.refuse(
              RefusalCode.JOIN_NOT_EQUI,
              "a join compares a column with a constant;" + " use a filter on a dimension instead");
        }
        guard.require(key, ColumnRole.JOIN, RefusalCode.JOIN_KEY_NOT_JOIN_COLUMN, "a join key");
      }
    }
    RexNode rest =
        RexUtil.composeConjunction(join.getCluster().getRexBuilder(), info.nonEquiConditions);
    if (!rest.isAlwaysTrue()) {
      Lineage l = Lineage.derived(Expressions.referenced(rest, both));
      guard.require(l, ColumnRole.DIMENSION, RefusalCode.FILTER_NOT_DIMENSION, "a join condition");
    }
  }
}
