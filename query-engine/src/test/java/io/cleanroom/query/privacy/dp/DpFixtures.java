package io.cleanroom.query.privacy.dp;

import io.cleanroom.query.contract.ValueBounds;
import io.cleanroom.query.plan.DpSpec;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Specs, calls and charges for the aggregator's tests. */
final class DpFixtures {

  static final String OWNER = "hospital";
  static final BudgetLimits LIMITS = new BudgetLimits("contract-1", Map.of(OWNER, 1e9));

  private DpFixtures() {}

  static DpSpec spec(double epsilon, double delta, int l0, int linf, int minimum) {
    return new DpSpec(
        epsilon,
        delta,
        l0,
        linf,
        minimum,
        Collections.<Optional<ValueBounds>>nCopies(4, Optional.empty()),
        List.of(OWNER));
  }

  /** A spec with generous epsilon: noise of a few units at most. */
  static DpSpec generous(int l0, int linf) {
    return spec(40, 1e-6, l0, linf, 0);
  }

  static BudgetCharge charge(DpSpec spec) {
    return new InMemoryBudgetLedger().charge(LIMITS, spec.owners(), spec.epsilon(), "fp-test");
  }

  static DpRelease release(DpAggregator agg, DpSpec spec) {
    return agg.release(charge(spec));
  }

  /** The released values of the group with this key, if released. */
  static Optional<List<Object>> values(DpRelease r, List<Object> key) {
    return r.groups().stream()
        .filter(g -> g.key().equals(key))
        .map(DpRelease.ReleasedGroup::values)
        .findFirst();
  }

  static long count(DpRelease r, Object key, int call) {
    return (Long) values(r, List.of(key)).orElseThrow().get(call);
  }

  static double real(DpRelease r, Object key, int call) {
    return (Double) values(r, List.of(key)).orElseThrow().get(call);
  }

  static DpCall sum(double lower, double upper) {
    return DpCall.of(DpCall.Kind.SUM, new ValueBounds(lower, upper));
  }

  static DpCall avg(double lower, double upper) {
    return DpCall.of(DpCall.Kind.AVG, new ValueBounds(lower, upper));
  }
}
