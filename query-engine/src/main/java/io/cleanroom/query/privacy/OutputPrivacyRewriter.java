package io.cleanroom.query.privacy;

import io.cleanroom.query.check.AggregateUse;
import io.cleanroom.query.check.Analysis;
import io.cleanroom.query.check.Lineage;
import io.cleanroom.query.contract.AggregateFunction;
import io.cleanroom.query.contract.AnalysisRule;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.DatasetSpec;
import io.cleanroom.query.contract.DifferentialPrivacy;
import io.cleanroom.query.contract.ValueBounds;
import io.cleanroom.query.plan.DpAggregate;
import io.cleanroom.query.plan.DpSpec;
import io.cleanroom.query.plan.GroupThreshold;
import io.cleanroom.query.plan.SuppressSmallGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Applies the contract's output rules to a checked plan: the privacy aggregate also counts the
 * distinct identities of every protected dataset, and a {@link SuppressSmallGroups} node directly
 * above it drops groups below the threshold; with differential privacy the aggregate becomes a
 * {@link DpAggregate} instead.
 *
 * <p><b>Security:</b> this runs on every plan the check allows; a plan whose identities cannot be
 * carried to the aggregate is refused rather than run without its threshold.
 */
public final class OutputPrivacyRewriter {

  /** The outcome: a rewritten plan, or why the rules cannot be enforced. */
  public sealed interface Result {}

  /**
   * The plan with output rules applied.
   *
   * @param plan the rewritten plan
   * @param thresholds the thresholds applied (empty with DP or without protected datasets)
   * @param dp the differential-privacy parameters, if the query is private
   */
  public record Rewritten(RelNode plan, List<GroupThreshold> thresholds, Optional<DpSpec> dp)
      implements Result {}

  /**
   * The rules cannot be enforced on this plan.
   *
   * @param message why
   * @param dp whether differential privacy is what cannot be applied
   */
  public record Unenforceable(String message, boolean dp) implements Result {}

  private OutputPrivacyRewriter() {}

  /** Rewrites an allowed plan. */
  public static Result rewrite(Contract contract, RelNode plan, Analysis analysis) {
    Map<String, String> identities = new TreeMap<>();
    for (String dataset : analysis.reads().keySet()) {
      AnalysisRule rule = rule(contract, dataset);
      if (rule.protectsOutput()) {
        identities.put(dataset, rule.identityColumn().orElseThrow());
      }
    }
    if (identities.isEmpty()) {
      return new Rewritten(plan, List.of(), Optional.empty());
    }
    Aggregate agg = analysis.privacyAggregate().orElseThrow();
    IdentityCarrier carrier = new IdentityCarrier(identities);
    IdentityCarrier.Carried in;
    try {
      in = carrier.carry(agg.getInput());
    } catch (IdentityCarrier.Unenforceable e) {
      return new Unenforceable(e.getMessage(), false);
    }
    List<Set<String>> classes = carrier.classes(identities.keySet());
    boolean dp =
        identities.keySet().stream()
            .anyMatch(d -> rule(contract, d).differentialPrivacy().isPresent());
    if (dp) {
      return dp(contract, plan, analysis, agg, in, classes);
    }
    List<AggregateCall> calls = new ArrayList<>(agg.getAggCallList());
    List<GroupThreshold> thresholds = new ArrayList<>();
    int visible = agg.getRowType().getFieldCount();
    for (Set<String> cls : classes) {
      int minimum =
          cls.stream().mapToInt(d -> rule(contract, d).minimumThreshold()).max().orElse(0);
      if (minimum <= 0) {
        continue;
      }
      int field = in.identities().get(cls.iterator().next());
      calls.add(distinctCount(agg, in.rel(), field, cls));
      thresholds.add(new GroupThreshold(visible + thresholds.size(), minimum, List.copyOf(cls)));
    }
    Aggregate counted =
        agg.copy(agg.getTraitSet(), in.rel(), agg.getGroupSet(), agg.getGroupSets(), calls);
    RelNode suppress =
        new SuppressSmallGroups(agg.getCluster(), agg.getTraitSet(), counted, visible, thresholds);
    return new Rewritten(replace(plan, agg, suppress), thresholds, Optional.empty());
  }

  private static Result dp(
      Contract contract,
      RelNode plan,
      Analysis analysis,
      Aggregate agg,
      IdentityCarrier.Carried in,
      List<Set<String>> classes) {
    if (classes.size() != 1) {
      return new Unenforceable(
          "differential privacy needs one privacy unit, but the query"
              + " combines the unrelated identities of "
              + classes,
          true);
    }
    Set<String> cls = classes.get(0);
    double epsilon = Double.MAX_VALUE;
    double delta = 1;
    int l0 = Integer.MAX_VALUE;
    int linf = Integer.MAX_VALUE;
    int minimum = 0;
    Set<String> owners = new TreeSet<>();
    for (String d : cls) {
      AnalysisRule rule = rule(contract, d);
      minimum = Math.max(minimum, rule.minimumThreshold());
      if (rule.differentialPrivacy().isPresent()) {
        DifferentialPrivacy p = rule.differentialPrivacy().get();
        epsilon = Math.min(epsilon, p.epsilonPerQuery());
        delta = Math.min(delta, p.delta());
        l0 = Math.min(l0, p.maxGroupsContributed());
        linf = Math.min(linf, p.maxContributionsPerGroup());
        owners.add(contract.dataset(d).orElseThrow().owner());
      }
    }
    int groups = agg.getGroupCount();
    List<Optional<ValueBounds>> bounds = new ArrayList<>();
    for (int i = 0; i < agg.getAggCallList().size(); i++) {
      bounds.add(bounds(contract, analysis.privacyLineage().get(groups + i)));
    }
    DpSpec spec = new DpSpec(epsilon, delta, l0, linf, minimum, bounds, List.copyOf(owners));
    int identity = in.identities().get(cls.iterator().next());
    RelNode node =
        new DpAggregate(
            agg.getCluster(),
            agg.getTraitSet(),
            in.rel(),
            agg.getGroupSet(),
            agg.getAggCallList(),
            identity,
            spec,
            agg.getRowType());
    return new Rewritten(replace(plan, agg, node), List.of(), Optional.of(spec));
  }

  private static Optional<ValueBounds> bounds(Contract contract, Lineage lineage) {
    double lower = Double.MAX_VALUE;
    double upper = -Double.MAX_VALUE;
    for (AggregateUse use : lineage.aggregates()) {
      if (use.function() != AggregateFunction.SUM && use.function() != AggregateFunction.AVG) {
        continue;
      }
      var col = use.column().orElseThrow();
      ValueBounds b =
          rule(contract, col.dataset())
              .differentialPrivacy()
              .orElseThrow()
              .bounds()
              .get(col.column());
      lower = Math.min(lower, b.lower());
      upper = Math.max(upper, b.upper());
    }
    return lower <= upper ? Optional.of(new ValueBounds(lower, upper)) : Optional.empty();
  }

  private static AggregateCall distinctCount(
      Aggregate agg, RelNode input, int field, Set<String> datasets) {
    var type = agg.getCluster().getTypeFactory().createSqlType(SqlTypeName.BIGINT);
    return AggregateCall.create(
        SqlStdOperatorTable.COUNT,
        true,
        false,
        false,
        List.of(),
        List.of(field),
        -1,
        null,
        RelCollations.EMPTY,
        type,
        "$identities_" + String.join("_", datasets));
  }

  private static RelNode replace(RelNode node, RelNode target, RelNode replacement) {
    if (node == target) {
      return replacement;
    }
    List<RelNode> inputs = new ArrayList<>();
    boolean changed = false;
    for (RelNode in : node.getInputs()) {
      RelNode r = replace(in, target, replacement);
      changed |= r != in;
      inputs.add(r);
    }
    return changed ? node.copy(node.getTraitSet(), inputs) : node;
  }

  private static AnalysisRule rule(Contract contract, String dataset) {
    return contract.dataset(dataset).map(DatasetSpec::rule).orElseThrow();
  }
}
