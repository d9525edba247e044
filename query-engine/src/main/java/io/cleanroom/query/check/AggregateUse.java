package io.cleanroom.query.check;

import io.cleanroom.query.contract.AggregateFunction;
import java.util.Optional;

/**
 * One aggregate applied to a dataset column (or to rows, for {@code COUNT(*)}).
 *
 * @param function the aggregate function
 * @param column the column aggregated; empty for {@code COUNT(*)}
 */
public record AggregateUse(AggregateFunction function, Optional<ColumnRef> column)
    implements Comparable<AggregateUse> {

  @Override
  public int compareTo(AggregateUse o) {
    return toString().compareTo(o.toString());
  }

  @Override
  public String toString() {
    String arg = column.map(ColumnRef::toString).orElse("*");
    return switch (function) {
      case COUNT_DISTINCT -> "COUNT(DISTINCT " + arg + ")";
      default -> function.name() + "(" + arg + ")";
    };
  }
}
