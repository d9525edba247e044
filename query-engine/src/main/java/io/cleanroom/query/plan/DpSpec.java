package io.cleanroom.query.plan;

import io.cleanroom.query.contract.ValueBounds;
import java.util.List;
import java.util.Optional;

/**
 * The differential-privacy parameters of one private aggregation.
 *
 * @param epsilon the privacy loss of the whole query, split over its aggregates
 * @param delta the probability bound for releasing a group (partition selection)
 * @param maxGroupsContributed the groups one identity may contribute to
 * @param maxContributionsPerGroup the rows one identity may contribute to a group
 * @param minimumThreshold the minimum noisy count of distinct identities per released group
 * @param bounds per aggregate call, the clamping range of SUM and AVG arguments
 * @param owners the owners charged epsilon for this query
 */
public record DpSpec(
    double epsilon,
    double delta,
    int maxGroupsContributed,
    int maxContributionsPerGroup,
    int minimumThreshold,
    List<Optional<ValueBounds>> bounds,
    List<String> owners) {

  public DpSpec {
    bounds = List.copyOf(bounds);
    owners = List.copyOf(owners);
  }

  @Override
  public String toString() {
    return "eps="
        + epsilon
        + ", delta="
        + delta
        + ", l0="
        + maxGroupsContributed
        + ", linf="
        + maxContributionsPerGroup
        + ", min="
        + minimumThreshold;
  }
}
