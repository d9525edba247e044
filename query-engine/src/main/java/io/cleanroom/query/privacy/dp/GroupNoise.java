package io.cleanroom.query.privacy.dp;

import com.google.privacy.differentialprivacy.BoundedMean;
import com.google.privacy.differentialprivacy.BoundedSum;
import com.google.privacy.differentialprivacy.Count;
import com.google.privacy.differentialprivacy.LaplaceNoise;
import io.cleanroom.query.contract.ValueBounds;
import io.cleanroom.query.plan.DpSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether one group is released and computes its noisy values, with Google's library
 * drawing all noise and the partition-selection threshold.
 *
 * <p>The noisy count of the group's distinct identities is the one mechanism behind partition
 * selection, the minimum threshold and {@code COUNT(DISTINCT identity)}: those are post-processing
 * of one Laplace draw. Every other call is one more mechanism with an equal share of epsilon.
 */
final class GroupNoise {

  private final DpSpec spec;
  private final List<DpCall> calls;
  private final int[] column;
  private final Contributions contributions;
  private final boolean publicGroup;
  private final boolean countsIdentities;
  private final double share;

  GroupNoise(DpSpec spec, List<DpCall> calls, int[] column, Contributions c, boolean global) {
    this.spec = spec;
    this.calls = calls;
    this.column = column;
    this.contributions = c;
    this.publicGroup = global;
    this.countsIdentities = countsIdentities(spec, calls, global);
    this.share = spec.epsilon() / mechanisms(spec, calls, global);
  }

  /** How many mechanisms share epsilon: one per call, with the identity count counted once. */
  static int mechanisms(DpSpec spec, List<DpCall> calls, boolean global) {
    int n = countsIdentities(spec, calls, global) ? 1 : 0;
    for (DpCall c : calls) {
      n += c.kind() == DpCall.Kind.COUNT_DISTINCT_IDENTITIES ? 0 : 1;
    }
    return Math.max(n, 1);
  }

  private static boolean countsIdentities(DpSpec spec, List<DpCall> calls, boolean global) {
    return !global
        || spec.minimumThreshold() > 0
        || calls.stream().anyMatch(c -> c.kind() == DpCall.Kind.COUNT_DISTINCT_IDENTITIES);
  }

  /** The released values of the group whose kept pairs are {@code pairs[from..to)}, if any. */
  Optional<List<Object>> release(int[] pairs, int from, int to) {
    long identities = 0;
    if (countsIdentities) {
      Count count = count(spec.maxGroupsContributed());
      count.incrementBy(to - from);
      Optional<Long> noisy =
          publicGroup
              ? Optional.of(count.computeResult())
              : count.computeThresholdedResult(spec.delta() / spec.maxGroupsContributed());
      if (noisy.isEmpty() || noisy.get() < spec.minimumThreshold()) {
        return Optional.empty();
      }
      identities = Math.max(0, noisy.get());
    }
    List<Object> values = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      DpCall call = calls.get(i);
      values.add(
          switch (call.kind()) {
            case COUNT_DISTINCT_IDENTITIES -> identities;
            case COUNT_ROWS -> noisyCount(rows(pairs, from, to));
            case COUNT_VALUES -> noisyCount(nonNull(pairs, from, to, column[i]));
            case COUNT_DISTINCT_VALUES -> noisyCount(distinct(pairs, from, to, column[i]));
            case SUM -> sum(call.bounds().orElseThrow(), pairs, from, to, column[i]);
            case AVG -> mean(call.bounds().orElseThrow(), pairs, from, to, column[i]);
          });
    }
    return Optional.of(values);
  }

  /**
   * A count where one identity adds at most {@code maxContributionsPerGroup} to each of at most
   * {@code maxGroupsContributed} groups. Library 1.0.0 fixes a count's per-group contribution at 1,
   * so the same L1 sensitivity (L0 x Linf, which is all the Laplace mechanism depends on) is set as
   * L0 x Linf groups of one.
   */
  private long noisyCount(long raw) {
    Count count =
        count(Math.multiplyExact(spec.maxGroupsContributed(), spec.maxContributionsPerGroup()));
    count.incrementBy(raw);
    return Math.max(0, count.computeResult());
  }

  private Count count(int maxGroups) {
    return Count.builder()
        .epsilon(share)
        .maxPartitionsContributed(maxGroups)
        .noise(new LaplaceNoise())
        .build();
  }

  /**
   * A sum of per-identity subtotals: each identity's at most Linf clamped values in the group add
   * up to a value in [Linf x min(lower, 0), Linf x max(upper, 0)], which is one bounded entry.
   */
  private double sum(ValueBounds b, int[] pairs, int from, int to, int col) {
    int linf = spec.maxContributionsPerGroup();
    double lower = linf * Math.min(b.lower(), 0);
    double upper = linf * Math.max(b.upper(), 0);
    if (lower == upper) {
      return 0;
    }
    BoundedSum sum =
        BoundedSum.builder()
            .epsilon(share)
            .maxPartitionsContributed(spec.maxGroupsContributed())
            .lower(lower)
            .upper(upper)
            .noise(new LaplaceNoise())
            .build();
    for (int k = from; k < to; k++) {
      int p = pairs[k];
      double subtotal = 0;
      for (int s = 0; s < contributions.sampled(p); s++) {
        double v = contributions.numeric(p, s, col);
        if (!Double.isNaN(v)) {
          subtotal += Math.clamp(v, b.lower(), b.upper());
        }
      }
      sum.addEntry(subtotal);
    }
    return sum.computeResult();
  }

  private double mean(ValueBounds b, int[] pairs, int from, int to, int col) {
    if (b.lower() == b.upper()) {
      return b.lower();
    }
    BoundedMean mean =
        BoundedMean.builder()
            .epsilon(share)
            .maxPartitionsContributed(spec.maxGroupsContributed())
            .maxContributionsPerPartition(spec.maxContributionsPerGroup())
            .lower(b.lower())
            .upper(b.upper())
            .noise(new LaplaceNoise())
            .build();
    for (int k = from; k < to; k++) {
      int p = pairs[k];
      for (int s = 0; s < contributions.sampled(p); s++) {
        double v = contributions.numeric(p, s, col);
        if (!Double.isNaN(v)) {
          mean.addEntry(v);
        }
      }
    }
    return mean.computeResult();
  }

  private long rows(int[] pairs, int from, int to) {
    long n = 0;
    for (int k = from; k < to; k++) {
      n += contributions.sampled(pairs[k]);
    }
    return n;
  }

  private long nonNull(int[] pairs, int from, int to, int col) {
    long n = 0;
    for (int k = from; k < to; k++) {
      int p = pairs[k];
      for (int s = 0; s < contributions.sampled(p); s++) {
        n += Double.isNaN(contributions.numeric(p, s, col)) ? 0 : 1;
      }
    }
    return n;
  }

  private long distinct(int[] pairs, int from, int to, int col) {
    Set<Object> seen = new HashSet<>();
    for (int k = from; k < to; k++) {
      int p = pairs[k];
      for (int s = 0; s < contributions.sampled(p); s++) {
        Object v = contributions.object(p, s, col);
        if (v != null) {
          seen.add(v);
        }
      }
    }
    return seen.size();
  }
}
