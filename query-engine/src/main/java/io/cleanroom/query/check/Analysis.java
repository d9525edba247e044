package io.cleanroom.query.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.apache.calcite.rel.core.Aggregate;

/**
 * What the rule check found in a plan.
 *
 * @param refusals every reason to refuse; empty if the rules allow the query
 * @param reads how many times each dataset is scanned
 * @param uses how each dataset column is used
 * @param outputs the result columns with their lineage
 * @param privacyAggregate the one aggregation over dataset rows, if there is exactly one
 * @param privacyLineage the lineage of the privacy aggregate's output fields
 */
public record Analysis(
    List<Refusal> refusals,
    Map<String, Integer> reads,
    Map<ColumnRef, SortedSet<String>> uses,
    List<OutputColumn> outputs,
    Optional<Aggregate> privacyAggregate,
    List<Lineage> privacyLineage) {

  /** Whether the rules allow the query. */
  public boolean allowed() {
    return refusals.isEmpty();
  }
}
