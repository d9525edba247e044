package io.cleanroom.query.plan;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.RelBuilder;

/**
 * Brings a freshly converted plan into the form the rule check reads: sub-queries become joins
 * (semi-joins for {@code IN} and {@code EXISTS}), correlations are removed, and adjacent
 * projections are merged. Nothing here duplicates a table scan.
 */
public final class PlanNormalizer {

  private static final HepProgram SUB_QUERIES =
      new HepProgramBuilder()
          .addMatchOrder(HepMatchOrder.BOTTOM_UP)
          .addRuleInstance(CoreRules.FILTER_SUB_QUERY_TO_CORRELATE)
          .addRuleInstance(CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE)
          .addRuleInstance(CoreRules.JOIN_SUB_QUERY_TO_CORRELATE)
          .build();

  private static final HepProgram TIDY =
      new HepProgramBuilder()
          .addMatchOrder(HepMatchOrder.BOTTOM_UP)
          .addRuleInstance(CoreRules.PROJECT_TO_SEMI_JOIN)
          .addRuleInstance(CoreRules.JOIN_TO_SEMI_JOIN)
          .addRuleInstance(CoreRules.PROJECT_MERGE)
          .addRuleInstance(CoreRules.PROJECT_REMOVE)
          .addRuleInstance(CoreRules.FILTER_MERGE)
          .build();

  private PlanNormalizer() {}

  /** The normalised logical plan of a converted query, projected to its output fields. */
  public static RelNode normalize(RelRoot root) {
    RelNode rel = root.project();
    rel = run(SUB_QUERIES, rel);
    RelBuilder builder =
        RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(rel.getCluster(), null);
    rel = RelDecorrelator.decorrelateQuery(rel, builder);
    rel = new RelFieldTrimmer(null, builder).trim(rel);
    rel = run(TIDY, rel);
    return rel;
  }

  static RelNode run(HepProgram program, RelNode rel) {
    HepPlanner planner = new HepPlanner(program);
    planner.setRoot(rel);
    return planner.findBestExp();
  }

  /** The plan as text, one node per line. */
  public static String explain(RelNode rel) {
    return RelOptUtil.toString(rel);
  }
}
