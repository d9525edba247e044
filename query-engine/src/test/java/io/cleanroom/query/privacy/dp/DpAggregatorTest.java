package io.cleanroom.query.privacy.dp;

import static io.cleanroom.query.privacy.dp.DpFixtures.avg;
import static io.cleanroom.query.privacy.dp.DpFixtures.count;
import static io.cleanroom.query.privacy.dp.DpFixtures.generous;
import static io.cleanroom.query.privacy.dp.DpFixtures.real;
import static io.cleanroom.query.privacy.dp.DpFixtures.release;
import static io.cleanroom.query.privacy.dp.DpFixtures.spec;
import static io.cleanroom.query.privacy.dp.DpFixtures.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cleanroom.query.plan.DpSpec;
import io.cleanroom.query.privacy.dp.DpCall.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The aggregator's statistical behaviour with the library's real noise. Tolerances are chosen so
 * that a failure by chance has probability at most about 1e-6 per assertion (the delta of the
 * selection test), far below 1e-9 for the others.
 */
class DpAggregatorTest {

  private static final DpCall ROWS = DpCall.of(Kind.COUNT_ROWS);

  @Test
  void releasesCountsCloseToTheTruthWithLargeEpsilon() {
    DpSpec spec = generous(1, 1);
    DpAggregator agg = new DpAggregator(spec, List.of(ROWS), false);
    for (long id = 0; id < 1000; id++) {
      agg.add(List.of(id % 2 == 0 ? "even" : "odd"), id, (Object) null);
    }
    DpRelease r = release(agg, spec);
    assertThat(r.groupsReleased()).isEqualTo(2);
    assertThat(r.groupsConsidered()).isEqualTo(2);
    assertThat(r.epsilonSpent()).isEqualTo(40);
    assertThat(count(r, "even", 0)).isBetween(495L, 505L);
    assertThat(count(r, "odd", 0)).isBetween(495L, 505L);
  }

  @Test
  void doesNotReleaseAGroupOfThreeIdentitiesAtSmallDelta() {
    // epsilon 1 over two mechanisms: Laplace scale 2, so the selection threshold is about 27.
    DpSpec spec = spec(1, 1e-6, 1, 1, 0);
    DpAggregator agg = new DpAggregator(spec, List.of(ROWS), false);
    for (long id = 0; id < 3; id++) {
      agg.add(List.of("rare"), id, (Object) null);
    }
    for (long id = 100; id < 1100; id++) {
      agg.add(List.of("common"), id, (Object) null);
    }
    DpRelease r = release(agg, spec);
    assertThat(r.groups()).extracting(g -> g.key().get(0)).containsExactly("common");
    assertThat(r.groupsConsidered()).isEqualTo(2);
  }

  @Test
  void appliesTheMinimumThresholdToTheNoisyIdentityCount() {
    DpSpec spec = spec(40, 1e-6, 1, 5, 100);
    DpAggregator agg = new DpAggregator(spec, List.of(ROWS), false);
    for (long id = 0; id < 60; id++) {
      // 60 identities with 5 rows each: 300 rows, but only 60 identities
      for (int k = 0; k < 5; k++) {
        agg.add(List.of("small"), id, (Object) null);
      }
    }
    for (long id = 1000; id < 1200; id++) {
      agg.add(List.of("large"), id, (Object) null);
    }
    DpRelease r = release(agg, spec);
    assertThat(r.groups()).extracting(g -> g.key().get(0)).containsExactly("large");
  }

  @Test
  void countsDistinctIdentitiesRowsAndNonNullValues() {
    DpSpec spec = generous(1, 5);
    List<DpCall> calls =
        List.of(ROWS, DpCall.of(Kind.COUNT_DISTINCT_IDENTITIES), DpCall.of(Kind.COUNT_VALUES));
    DpAggregator agg = new DpAggregator(spec, calls, false);
    for (long id = 0; id < 300; id++) {
      for (int k = 0; k < 3; k++) {
        agg.add(List.of("g"), id, null, id, k == 0 ? null : "x");
      }
    }
    DpRelease r = release(agg, spec);
    assertThat(count(r, "g", 0)).isBetween(880L, 920L);
    assertThat(count(r, "g", 1)).isBetween(297L, 303L);
    assertThat(count(r, "g", 2)).isBetween(580L, 620L);
  }

  @Test
  void countsDistinctValuesOfAnotherColumn() {
    DpSpec spec = generous(1, 1);
    DpAggregator agg =
        new DpAggregator(spec, List.of(DpCall.of(Kind.COUNT_DISTINCT_VALUES)), false);
    for (long id = 0; id < 500; id++) {
      agg.add(List.of("g"), id, "v" + (id % 7));
    }
    assertThat(count(release(agg, spec), "g", 0)).isBetween(4L, 10L);
  }

  @Test
  void sumsAndAveragesClampedValues() {
    DpSpec spec = generous(1, 1);
    DpAggregator agg = new DpAggregator(spec, List.of(sum(0, 100), avg(0, 100)), false);
    for (long id = 0; id < 1000; id++) {
      double v = id % 101;
      agg.add(List.of("g"), id, v, v);
    }
    DpRelease r = release(agg, spec);
    double truth = 0;
    for (long id = 0; id < 1000; id++) {
      truth += id % 101;
    }
    // SUM noise: Laplace with scale 100 / (40 / 3), about 7.5
    assertThat(real(r, "g", 0)).isCloseTo(truth, within(300.0));
    assertThat(real(r, "g", 1)).isCloseTo(truth / 1000, within(3.0));
  }

  @Test
  void ignoresNullArgumentsOfSumAndAverage() {
    DpSpec spec = generous(1, 1);
    DpAggregator agg = new DpAggregator(spec, List.of(sum(0, 10), avg(0, 10)), false);
    for (long id = 0; id < 400; id++) {
      Object v = id % 2 == 0 ? null : 4.0;
      agg.add(List.of("g"), id, v, v);
    }
    DpRelease r = release(agg, spec);
    assertThat(real(r, "g", 0)).isCloseTo(800, within(30.0));
    assertThat(real(r, "g", 1)).isCloseTo(4, within(0.5));
  }

  @Test
  void releasesTheGlobalGroupEvenWithoutRows() {
    DpSpec spec = generous(1, 1);
    DpAggregator agg = new DpAggregator(spec, List.of(ROWS), true);
    DpRelease r = release(agg, spec);
    assertThat(r.groups()).hasSize(1);
    assertThat(r.groups().get(0).key()).isEmpty();
    assertThat((Long) r.groups().get(0).values().get(0)).isBetween(0L, 3L);
  }

  @Test
  void groupKeysMayHoldNulls() {
    DpSpec spec = generous(1, 1);
    DpAggregator agg = new DpAggregator(spec, List.of(ROWS), false);
    for (long id = 0; id < 100; id++) {
      agg.add(Arrays.asList("a", null), id, (Object) null);
    }
    DpRelease r = release(agg, spec);
    assertThat(r.groups()).hasSize(1);
    assertThat(r.groups().get(0).key()).containsExactly("a", null);
  }

  @Test
  void splitsEpsilonOverTheCallsAndTheIdentityCount() {
    DpSpec spec = spec(3, 1e-6, 1, 1, 0);
    assertThat(new DpAggregator(spec, List.of(ROWS, sum(0, 1)), false).epsilonPerMechanism())
        .isEqualTo(1.0);
    List<DpCall> withDistinct = List.of(ROWS, DpCall.of(Kind.COUNT_DISTINCT_IDENTITIES));
    assertThat(new DpAggregator(spec, withDistinct, false).epsilonPerMechanism()).isEqualTo(1.5);
    assertThat(new DpAggregator(spec, List.of(ROWS), true).epsilonPerMechanism()).isEqualTo(3.0);
  }

  @Test
  void releasedGroupsComeInRandomOrder() {
    DpSpec spec = generous(1, 1);
    List<List<Object>> orders = new ArrayList<>();
    for (int run = 0; run < 5; run++) {
      DpAggregator agg = new DpAggregator(spec, List.of(ROWS), false);
      for (long id = 0; id < 2000; id++) {
        agg.add(List.of(id % 20), id, (Object) null);
      }
      orders.add(release(agg, spec).groups().stream().map(g -> g.key().get(0)).toList());
    }
    // 5 identical orders of 20 groups by chance: (1/20!)^4
    assertThat(orders.stream().distinct().count()).isGreaterThan(1);
  }

  @Test
  void acceptsUnboxedRowsFromVectorizedExecutors() {
    DpSpec spec = generous(1, 1);
    List<DpCall> calls = List.of(ROWS, DpCall.of(Kind.COUNT_VALUES), sum(0, 10));
    DpAggregator agg = new DpAggregator(spec, calls, false);
    int g = agg.groupId(List.of("g"));
    double[] values = new double[3];
    for (long id = 0; id < 400; id++) {
      values[1] = id % 4 == 0 ? Double.NaN : 0;
      values[2] = id % 4 == 0 ? Double.NaN : 2;
      agg.add(g, id, values);
    }
    DpRelease r = release(agg, spec);
    assertThat(count(r, "g", 0)).isBetween(395L, 405L);
    assertThat(count(r, "g", 1)).isBetween(295L, 305L);
    assertThat(real(r, "g", 2)).isCloseTo(600, within(30.0));
  }

  @Test
  void unboxedRowsCannotFeedADistinctCountOfValues() {
    DpSpec spec = generous(1, 1);
    DpAggregator agg =
        new DpAggregator(spec, List.of(DpCall.of(Kind.COUNT_DISTINCT_VALUES)), false);
    int g = agg.groupId(List.of("g"));
    assertThatThrownBy(() -> agg.add(g, 1L, new double[1]))
        .isInstanceOf(io.cleanroom.query.QueryException.class);
  }
}
