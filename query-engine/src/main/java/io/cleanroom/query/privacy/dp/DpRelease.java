package io.cleanroom.query.privacy.dp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of a differentially private aggregation: the released groups and statistics.
 *
 * <p><b>Security:</b> {@link #groups} and {@link #epsilonSpent} may leave the enclave. {@link
 * #groupsConsidered} is an exact count over the private data and is <em>not</em> differentially
 * private: keep it in enclave logs or tests, never in a result, receipt or error.
 *
 * @param groups the released groups, in random order
 * @param groupsConsidered the groups that had at least one contribution after bounding (exact)
 * @param epsilonSpent the epsilon charged to each owner for this release
 */
public record DpRelease(List<ReleasedGroup> groups, int groupsConsidered, double epsilonSpent) {

  public DpRelease {
    groups = List.copyOf(groups);
  }

  /** How many groups were released. */
  public int groupsReleased() {
    return groups.size();
  }

  /**
   * One released group.
   *
   * @param key the grouped values, in the order of the plan's group set (empty for a global
   *     aggregate); may hold nulls
   * @param values one value per call, in call order: {@code Long} for the {@code COUNT} kinds
   *     (rounded noisy counts, never negative), {@code Double} for {@code SUM} and {@code AVG}
   */
  public record ReleasedGroup(List<Object> key, List<Object> values) {

    public ReleasedGroup {
      key = Collections.unmodifiableList(new ArrayList<>(key));
      values = List.copyOf(values);
    }
  }
}
