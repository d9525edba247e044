package io.cleanroom.query.plan;

import java.util.List;

/**
 * One minimum-count condition on an aggregate's hidden distinct-identity count.
 *
 * @param field the input field holding {@code COUNT(DISTINCT identity)}
 * @param minimum the smallest count a group must have to be released
 * @param datasets the datasets whose identity the count covers
 */
public record GroupThreshold(int field, int minimum, List<String> datasets) {

  public GroupThreshold {
    datasets = List.copyOf(datasets);
  }

  @Override
  public String toString() {
    return "$" + field + ">=" + minimum + " " + datasets;
  }
}
