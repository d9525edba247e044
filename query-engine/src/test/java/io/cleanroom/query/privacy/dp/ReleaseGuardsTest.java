package io.cleanroom.query.privacy.dp;

import static io.cleanroom.query.privacy.dp.DpFixtures.charge;
import static io.cleanroom.query.privacy.dp.DpFixtures.generous;
import static io.cleanroom.query.privacy.dp.DpFixtures.spec;
import static io.cleanroom.query.privacy.dp.DpFixtures.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cleanroom.query.QueryException;
import io.cleanroom.query.plan.DpSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A release needs a fresh charge that covers it, and errors never echo data values. */
class ReleaseGuardsTest {

  private static final DpCall ROWS = DpCall.of(DpCall.Kind.COUNT_ROWS);
  private static final String CANARY = "CANARY-5f1e9c";
  private static final double CANARY_NUMBER = 987654321.25;

  private static QueryException.Code code(Executable e) {
    QueryException ex = catchThrowableOfType(QueryException.class, e::execute);
    assertThat(ex).isNotNull();
    return ex.code();
  }

  @Test
  void refusesAChargeSmallerThanTheQuery() {
    DpSpec spec = generous(1, 1);
    DpAggregator agg = new DpAggregator(spec, List.of(ROWS), false);
    BudgetCharge small = charge(spec(1, 1e-6, 1, 1, 0));
    assertThat(code(() -> agg.release(small))).isEqualTo(QueryException.Code.INTERNAL);
  }

  @Test
  void refusesAChargeForOtherOwners() {
    DpSpec spec = generous(1, 1);
    BudgetLimits limits = new BudgetLimits("c", Map.of("bank", 100.0));
    BudgetCharge other = new InMemoryBudgetLedger().charge(limits, List.of("bank"), 40, "fp");
    DpAggregator agg = new DpAggregator(spec, List.of(ROWS), false);
    assertThat(code(() -> agg.release(other))).isEqualTo(QueryException.Code.INTERNAL);
  }

  @Test
  void aChargeFundsOneReleaseOnly() {
    DpSpec spec = generous(1, 1);
    BudgetCharge charge = charge(spec);
    new DpAggregator(spec, List.of(ROWS), false).release(charge);
    DpAggregator second = new DpAggregator(spec, List.of(ROWS), false);
    assertThat(code(() -> second.release(charge))).isEqualTo(QueryException.Code.INTERNAL);
  }

  @Test
  void releasesOnceAndTakesNoRowsAfterwards() {
    DpSpec spec = generous(1, 1);
    DpAggregator agg = new DpAggregator(spec, List.of(ROWS), false);
    agg.release(charge(spec));
    assertThat(code(() -> agg.release(charge(spec)))).isEqualTo(QueryException.Code.INTERNAL);
    assertThat(code(() -> agg.add(List.of("g"), 1L, (Object) null)))
        .isEqualTo(QueryException.Code.INTERNAL);
  }

  @Test
  void refusesInvalidParameters() {
    assertThatThrownBy(() -> new DpAggregator(spec(0, 1e-6, 1, 1, 0), List.of(ROWS), false))
        .isInstanceOf(QueryException.class);
    assertThatThrownBy(() -> new DpAggregator(spec(1, 1, 1, 1, 0), List.of(ROWS), false))
        .isInstanceOf(QueryException.class);
    assertThatThrownBy(() -> new DpAggregator(spec(1, 1e-6, 0, 1, 0), List.of(ROWS), false))
        .isInstanceOf(QueryException.class);
    assertThatThrownBy(
            () -> new DpAggregator(spec(1, 1e-6, 100_000, 100_000, 0), List.of(ROWS), false))
        .isInstanceOf(QueryException.class);
  }

  @Test
  void errorMessagesNeverContainDataValues() {
    DpSpec spec = generous(1, 1);
    DpAggregator agg = new DpAggregator(spec, List.of(sum(0, 1), ROWS), false);
    agg.add(List.of(CANARY), CANARY, CANARY_NUMBER, null);
    List<Executable> failures = new ArrayList<>();
    failures.add(() -> agg.add(List.of(CANARY), CANARY, CANARY, null));
    failures.add(() -> agg.add(List.of(CANARY), CANARY, CANARY_NUMBER));
    failures.add(() -> agg.add(List.of(CANARY), CANARY, CANARY_NUMBER, CANARY, CANARY));
    failures.add(() -> agg.add(987654321, CANARY, CANARY_NUMBER, null));
    DpAggregator global = new DpAggregator(spec, List.of(ROWS), true);
    failures.add(() -> global.add(List.of(CANARY), CANARY, (Object) null));
    List<String> messages = new ArrayList<>();
    for (Executable f : failures) {
      QueryException e = catchThrowableOfType(QueryException.class, f::execute);
      assertThat(e).isNotNull();
      messages.add(String.valueOf(e.getMessage()));
    }
    agg.release(charge(spec));
    messages.add(
        catchThrowableOfType(
                QueryException.class, () -> agg.add(List.of(CANARY), CANARY, CANARY_NUMBER, null))
            .getMessage());
    assertThat(messages)
        .hasSize(6)
        .allSatisfy(
            m ->
                assertThat(m)
                    .doesNotContain(CANARY)
                    .doesNotContain("987654321")
                    .doesNotContain("9.87654321"));
  }
}
