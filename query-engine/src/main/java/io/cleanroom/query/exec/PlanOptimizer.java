package io.cleanroom.query.exec;

import java.util.List;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.RelBuilder;

/**
 * The executor's logical rewrites: filters pushed into and through joins and projections,
 * projections merged, join keys made plain columns, window functions split out, set operations
 * rewritten to aggregates, and unused columns trimmed so that scans open only what is read.
 *
 * <p><b>Security:</b> no rule here matches the privacy nodes ({@code SuppressSmallGroups}, {@code
 * DpAggregate}), so nothing moves between them and their aggregate; aggregates are never rewritten
 * (COUNT(DISTINCT) is computed directly, not expanded into grouping sets).
 */
final class PlanOptimizer {

  private static final HepProgram PROGRAM =
      new HepProgramBuilder()
          .addMatchOrder(HepMatchOrder.BOTTOM_UP)
          .addRuleCollection(
              List.of(
                  CoreRules.FILTER_INTO_JOIN,
                  CoreRules.JOIN_CONDITION_PUSH,
                  CoreRules.FILTER_PROJECT_TRANSPOSE,
                  CoreRules.FILTER_MERGE,
                  CoreRules.PROJECT_MERGE,
                  CoreRules.PROJECT_REMOVE,
                  CoreRules.JOIN_PUSH_EXPRESSIONS))
          .addRuleInstance(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW)
          .addRuleCollection(
              List.of(
                  CoreRules.UNION_TO_DISTINCT,
                  CoreRules.INTERSECT_TO_DISTINCT,
                  CoreRules.MINUS_TO_DISTINCT))
          .build();

  private PlanOptimizer() {}

  static RelNode optimize(RelNode plan) {
    HepPlanner planner = new HepPlanner(PROGRAM);
    planner.setRoot(plan);
    RelNode rel = planner.findBestExp();
    RelBuilder builder =
        RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(rel.getCluster(), null);
    return new RelFieldTrimmer(null, builder).trim(rel);
  }
}
