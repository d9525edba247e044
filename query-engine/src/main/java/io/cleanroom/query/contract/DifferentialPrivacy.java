package io.cleanroom.query.contract;

import java.util.Map;

/**
 * The differential-privacy settings of a dataset: the budget, the contribution bounds per identity
 * and the value bounds per aggregate column.
 *
 * @param epsilonPerQuery the privacy loss one query may spend
 * @param totalEpsilon the owner's total budget in this contract; queries are refused once spent
 * @param delta the probability bound for releasing a group at all (partition selection)
 * @param maxGroupsContributed how many output groups one identity may contribute to (L0 bound)
 * @param maxContributionsPerGroup how many rows one identity may contribute to one group
 * @param bounds the clamping range of each aggregate column that SUM or AVG may read
 */
public record DifferentialPrivacy(
    double epsilonPerQuery,
    double totalEpsilon,
    double delta,
    int maxGroupsContributed,
    int maxContributionsPerGroup,
    Map<String, ValueBounds> bounds) {

  public DifferentialPrivacy {
    if (!(epsilonPerQuery > 0) || Double.isInfinite(epsilonPerQuery)) {
      throw new IllegalArgumentException("epsilonPerQuery must be positive and finite");
    }
    if (!(totalEpsilon >= epsilonPerQuery) || Double.isInfinite(totalEpsilon)) {
      throw new IllegalArgumentException("totalEpsilon must be finite and >= epsilonPerQuery");
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1)");
    }
    if (maxGroupsContributed < 1 || maxContributionsPerGroup < 1) {
      throw new IllegalArgumentException("contribution bounds must be at least 1");
    }
    bounds = Map.copyOf(bounds);
  }
}
