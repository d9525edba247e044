package io.cleanroom.query.exec;

import io.cleanroom.query.plan.DpAggregate;
import java.util.List;

/**
 * Computes a differentially private aggregate: the executor hands over the aggregate's input rows
 * and publishes only what this returns. Implemented outside this package (the DP aggregator and the
 * budget ledger); without one, plans with a {@link DpAggregate} are refused.
 *
 * <p><b>Security:</b> the input holds raw rows, the identity field included; an implementation must
 * release only noisy values of groups chosen by private partition selection.
 */
public interface DpReleaser {

  /**
   * Releases the aggregate {@code node} over {@code input}.
   *
   * @return rows shaped like {@code node.getRowType()} (values as in {@link QueryResult#rows()})
   */
  Release release(DpAggregate node, Input input);

  /**
   * The released groups.
   *
   * @param rows one list per released group, in the order of the node's output fields
   * @param suppressedGroups groups not released (as far as the mechanism may reveal it; 0 if not)
   */
  record Release(List<List<Object>> rows, long suppressedGroups) {
    public Release {
      rows = List.copyOf(rows);
    }
  }

  /** The aggregate's input, column by column; values as in {@link QueryResult#rows()}. */
  interface Input {
    /** The number of rows. */
    int rowCount();

    /** The field names, as in {@code node.getInput().getRowType()}. */
    List<String> fieldNames();

    /** The value of a field in a row (null for SQL NULL). */
    Object value(int field, int row);
  }
}
