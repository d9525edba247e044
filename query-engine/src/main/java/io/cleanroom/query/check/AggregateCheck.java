package io.cleanroom.query.check;

import io.cleanroom.query.contract.AggregateFunction;
import io.cleanroom.query.contract.AnalysisRule;
import io.cleanroom.query.contract.ColumnRole;
import io.cleanroom.query.contract.DifferentialPrivacy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;

/**
 * The rules of the privacy aggregate: group keys are dimensions; each aggregate is an allowed
 * function applied directly to one column (no expressions, no FILTER clause); with differential
 * privacy only COUNT, COUNT(DISTINCT identity), SUM and AVG of bounded columns.
 */
final class AggregateCheck {

  private final RoleGuard guard;
  private final Map<String, Integer> reads;

  AggregateCheck(RoleGuard guard, Map<String, Integer> reads) {
    this.guard = guard;
    this.reads = reads;
  }

  /** Checks the privacy aggregate and returns the lineage of its output. */
  List<Lineage> check(Aggregate agg, List<Lineage> in) {
    if (agg.getGroupType() != Aggregate.Group.SIMPLE) {
      guard.refuse(RefusalCode.GROUPING_SETS, "GROUPING SETS, ROLLUP and CUBE are not supported");
    }
    List<Lineage> out = new ArrayList<>();
    for (int key : agg.getGroupSet()) {
      Lineage l = in.get(key);
      guard.require(l, ColumnRole.DIMENSION, RefusalCode.GROUP_KEY_NOT_DIMENSION, "a GROUP BY key");
      out.add(l);
    }
    boolean dp = differentialPrivacy();
    for (AggregateCall call : agg.getAggCallList()) {
      out.add(call(call, in, dp));
    }
    return out;
  }

  private boolean differentialPrivacy() {
    return reads.keySet().stream().anyMatch(d -> guard.rule(d).differentialPrivacy().isPresent());
  }

  private Lineage call(AggregateCall call, List<Lineage> in, boolean dp) {
    String name = call.getAggregation().getName();
    if (call.hasFilter()) {
      guard.refuse(
          RefusalCode.AGGREGATE_FILTER,
          name
              + "(...) FILTER (WHERE ...) isolates rows"
              + " inside a group; use a WHERE clause on dimensions instead");
    }
    Optional<AggregateFunction> function = function(call);
    if (function.isEmpty() || call.getArgList().size() > 1 || !call.rexList.isEmpty()) {
      guard.refuse(
          RefusalCode.AGGREGATE_NOT_ALLOWED,
          "the aggregate " + name + " is not allowed" + " on dataset rows");
      return Lineage.derived(argLineage(call, in));
    }
    AggregateFunction f = function.get();
    if (call.getArgList().isEmpty()) {
      return new Lineage(Set.of(), false, Set.of(new AggregateUse(f, Optional.empty())));
    }
    Lineage arg = in.get(call.getArgList().get(0));
    if (!arg.exact()) {
      arg.sources().forEach(src -> guard.use(src, "inside " + name + "(...)"));
      guard.refuse(
          RefusalCode.AGGREGATE_ARGUMENT_NOT_COLUMN,
          name
              + " is applied to an"
              + " expression of "
              + arg.sources()
              + "; aggregates may only read a column directly");
      return Lineage.derived(List.of(arg));
    }
    List<AggregateUse> usesOf = new ArrayList<>();
    for (ColumnRef src : arg.sources()) {
      AggregateUse use = new AggregateUse(f, Optional.of(src));
      guard.requireFunction(src, f, use.toString());
      if (dp) {
        checkDp(src, f, use);
      }
      usesOf.add(use);
    }
    return new Lineage(arg.sources(), false, Set.copyOf(usesOf));
  }

  private void checkDp(ColumnRef src, AggregateFunction f, AggregateUse use) {
    AnalysisRule rule = guard.rule(src.dataset());
    boolean identity = rule.policy(src.column()).has(ColumnRole.IDENTITY);
    boolean ok =
        switch (f) {
          case COUNT -> true;
          case COUNT_DISTINCT -> identity;
          case SUM, AVG ->
              rule.differentialPrivacy()
                  .map(DifferentialPrivacy::bounds)
                  .map(b -> b.containsKey(src.column()))
                  .orElse(false);
          default -> false;
        };
    if (!ok) {
      guard.refuse(
          RefusalCode.DP_UNSUPPORTED,
          use
              + " cannot be computed with differential"
              + " privacy; use COUNT, COUNT(DISTINCT identity), or SUM/AVG of bounded columns");
    }
  }

  private static Optional<AggregateFunction> function(AggregateCall call) {
    return switch (call.getAggregation().getKind()) {
      case COUNT ->
          Optional.of(
              call.isDistinct() ? AggregateFunction.COUNT_DISTINCT : AggregateFunction.COUNT);
      case SUM -> call.isDistinct() ? Optional.empty() : Optional.of(AggregateFunction.SUM);
      case AVG -> call.isDistinct() ? Optional.empty() : Optional.of(AggregateFunction.AVG);
      case MIN -> Optional.of(AggregateFunction.MIN);
      case MAX -> Optional.of(AggregateFunction.MAX);
      default -> Optional.empty();
    };
  }

  private static List<Lineage> argLineage(AggregateCall call, List<Lineage> in) {
    List<Lineage> out = new ArrayList<>();
    for (int a : call.getArgList()) {
      out.add(in.get(a));
    }
    if (call.filterArg >= 0) {
      out.add(in.get(call.filterArg));
    }
    return out;
  }

  /** The lineage of an aggregate over already released rows (post-processing). */
  static List<Lineage> postLineage(Aggregate agg, List<Lineage> in) {
    List<Lineage> out = new ArrayList<>();
    for (int key : agg.getGroupSet()) {
      out.add(in.get(key));
    }
    for (AggregateCall call : agg.getAggCallList()) {
      out.add(Lineage.derived(argLineage(call, in)));
    }
    return out;
  }
}
