package io.cleanroom.query.privacy.dp;

import static io.cleanroom.query.privacy.dp.DpFixtures.count;
import static io.cleanroom.query.privacy.dp.DpFixtures.generous;
import static io.cleanroom.query.privacy.dp.DpFixtures.real;
import static io.cleanroom.query.privacy.dp.DpFixtures.release;
import static io.cleanroom.query.privacy.dp.DpFixtures.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cleanroom.query.plan.DpSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Contribution bounding: per group (Linf), across groups (L0), and value clamping. */
class ContributionBoundingTest {

  private static final DpCall ROWS = DpCall.of(DpCall.Kind.COUNT_ROWS);

  @Test
  void oneIdentityWithThousandRowsMovesACountByAtMostLinf() {
    DpSpec spec = generous(1, 2);
    DpAggregator agg = new DpAggregator(spec, List.of(ROWS), false);
    for (long id = 0; id < 200; id++) {
      agg.add(List.of("g"), id, (Object) null);
    }
    for (int k = 0; k < 1000; k++) {
      agg.add(List.of("g"), 424242L, (Object) null);
    }
    // truth after bounding: 200 + 2; Laplace scale 2 / 20 = 0.1
    assertThat(count(release(agg, spec), "g", 0)).isBetween(199L, 205L);
  }

  @Test
  void oneIdentityInTenGroupsContributesToAtMostL0() {
    DpSpec spec = generous(3, 1);
    DpAggregator agg = new DpAggregator(spec, List.of(ROWS), false);
    for (int g = 0; g < 10; g++) {
      for (long id = 0; id < 100; id++) {
        agg.add(List.of(g), g * 1000L + id, (Object) null);
      }
      agg.add(List.of(g), "heavy", (Object) null);
    }
    DpRelease r = release(agg, spec);
    assertThat(r.groupsReleased()).isEqualTo(10);
    long total = 0;
    for (int g = 0; g < 10; g++) {
      total += count(r, g, 0);
    }
    // the heavy identity adds 3 (not 10); Laplace scale 3 / 20 per group
    assertThat(total - 1000).isBetween(0L, 6L);
  }

  @Test
  void keepsExactlyL0GroupsAndLinfRowsPerIdentity() {
    Contributions c = new Contributions(4, 0, 0, new SplittableRandom(7));
    for (int g = 0; g < 10; g++) {
      for (int k = 0; k < 50; k++) {
        c.add(g, c.identity("heavy"));
      }
      c.add(g, c.identity(g));
    }
    Contributions.ByGroup by = c.boundGroups(3, 10);
    Map<Integer, Integer> keptPerGroup = new HashMap<>();
    int heavyGroups = 0;
    for (int g = 0; g < 10; g++) {
      for (int k = by.offsets()[g]; k < by.offsets()[g + 1]; k++) {
        keptPerGroup.merge(g, 1, Integer::sum);
        assertThat(c.sampled(by.pairs()[k])).isLessThanOrEqualTo(4);
      }
      heavyGroups += by.offsets()[g + 1] - by.offsets()[g] - 1;
    }
    assertThat(heavyGroups).isEqualTo(3);
    assertThat(c.identities()).isEqualTo(11);
    assertThat(c.pairs()).isEqualTo(20);
  }

  @Test
  void choosesTheKeptGroupsUniformly() {
    int[] kept = new int[5];
    SplittableRandom random = new SplittableRandom(11);
    for (int run = 0; run < 5000; run++) {
      Contributions c = new Contributions(1, 0, 0, random);
      for (int g = 0; g < 5; g++) {
        c.add(g, c.identity(1L));
      }
      Contributions.ByGroup by = c.boundGroups(1, 5);
      for (int g = 0; g < 5; g++) {
        kept[g] += by.offsets()[g + 1] - by.offsets()[g];
      }
    }
    // expected 1000 each; a binomial standard deviation is about 28
    for (int k : kept) {
      assertThat(k).isBetween(800, 1200);
    }
  }

  @Test
  void samplesRowsPerGroupUniformly() {
    int[] hits = new int[10];
    SplittableRandom random = new SplittableRandom(13);
    for (int run = 0; run < 5000; run++) {
      Contributions c = new Contributions(2, 1, 0, random);
      for (int row = 0; row < 10; row++) {
        int slot = c.add(0, c.identity(1L));
        if (slot >= 0) {
          c.setNumeric(c.lastPair(), slot, 0, row);
        }
      }
      for (int s = 0; s < 2; s++) {
        hits[(int) c.numeric(0, s, 0)]++;
      }
    }
    // each row is kept with probability 2/10: expected 1000, standard deviation about 28
    for (int h : hits) {
      assertThat(h).isBetween(800, 1200);
    }
  }

  @Test
  void clampsSummedValuesToTheBounds() {
    DpSpec spec = generous(1, 1);
    DpAggregator agg = new DpAggregator(spec, List.of(sum(0, 5000)), false);
    for (long id = 0; id < 100; id++) {
      agg.add(List.of("g"), id, 1e9);
    }
    // clamped truth 500,000; Laplace scale 5000 / 20 = 250
    assertThat(real(release(agg, spec), "g", 0)).isCloseTo(500_000, within(10_000.0));
  }

  @Test
  void clampsNegativeValuesAndBoundsTheSubtotalOfManyRows() {
    DpSpec spec = generous(1, 3);
    DpAggregator agg = new DpAggregator(spec, List.of(sum(-10, 10)), false);
    for (long id = 0; id < 100; id++) {
      for (int k = 0; k < 20; k++) {
        agg.add(List.of("g"), id, -1e12);
      }
    }
    // 100 identities x 3 rows x -10; scale 30 / 20
    assertThat(real(release(agg, spec), "g", 0)).isCloseTo(-3000, within(100.0));
  }
}
