package io.cleanroom.query.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.Contracts;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.QueryException;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ValueBounds;
import io.cleanroom.query.plan.DpAggregate;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.api.Test;

/** From a checked query's {@link DpAggregate} to a charged release, as the executor will do it. */
class DpPlanIntegrationTest {

  private static DpAggregate node(Contract contract, String sql) {
    CheckedQuery q = new QueryChecker(contract).check(sql);
    assertThat(q.report().refusals()).isEmpty();
    return find(q.plan().orElseThrow()).orElseThrow();
  }

  private static Optional<DpAggregate> find(RelNode rel) {
    if (rel instanceof DpAggregate dp) {
      return Optional.of(dp);
    }
    return rel.getInputs().stream()
        .map(DpPlanIntegrationTest::find)
        .flatMap(Optional::stream)
        .findFirst();
  }

  @Test
  void mapsThePlanCallsWithTheirBounds() {
    DpAggregate node =
        node(
            Contracts.withDpOnVisits(),
            "SELECT diagnosis, COUNT(*), COUNT(DISTINCT person_id), SUM(cost), AVG(cost)"
                + " FROM visits GROUP BY diagnosis");
    List<DpCall> calls = DpCall.of(node);
    assertThat(calls)
        .extracting(DpCall::kind)
        .containsExactly(
            DpCall.Kind.COUNT_ROWS,
            DpCall.Kind.COUNT_DISTINCT_IDENTITIES,
            DpCall.Kind.SUM,
            DpCall.Kind.AVG);
    assertThat(calls.get(2).bounds()).contains(new ValueBounds(0, 5000));
  }

  @Test
  void chargesTheOwnersThenReleasesTheQuery() {
    Contract contract = Contracts.withDpOnVisits();
    DpAggregate node =
        node(contract, "SELECT diagnosis, COUNT(*), AVG(cost) FROM visits GROUP BY diagnosis");
    DpAggregator agg = DpAggregator.forNode(node);
    for (long person = 0; person < 5000; person++) {
      agg.add(List.of(person % 2 == 0 ? "J45" : "E11"), person, null, 100.0);
    }
    PrivacyBudgetLedger ledger = new InMemoryBudgetLedger();
    BudgetCharge charge = ledger.charge(contract, node.spec(), "fingerprint-1");
    assertThat(ledger.spent(contract.id(), "hospital")).isEqualByComparingTo("1");
    DpRelease r = agg.release(charge);
    // epsilon 1 over three mechanisms: counts of 2500 are released, within a few hundred
    assertThat(r.groupsReleased()).isEqualTo(2);
    for (DpRelease.ReleasedGroup g : r.groups()) {
      assertThat((Long) g.values().get(0)).isBetween(2000L, 3000L);
      assertThat((Double) g.values().get(1)).isBetween(0.0, 5000.0);
    }
  }

  @Test
  void refusesASumWithoutBounds() {
    assertThatThrownBy(() -> new DpCall(DpCall.Kind.SUM, Optional.empty()))
        .isInstanceOf(QueryException.class)
        .extracting(e -> ((QueryException) e).code())
        .isEqualTo(QueryException.Code.INTERNAL);
  }
}
