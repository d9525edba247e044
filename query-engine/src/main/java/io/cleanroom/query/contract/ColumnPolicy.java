package io.cleanroom.query.contract;

import java.util.Set;

/**
 * The roles of one column and, for aggregate columns, the aggregate functions allowed on it.
 *
 * @param roles what the column may be used for; empty means it cannot be read
 * @param functions the functions allowed when the column is an aggregate argument
 */
public record ColumnPolicy(Set<ColumnRole> roles, Set<AggregateFunction> functions) {

  public ColumnPolicy {
    roles = Set.copyOf(roles);
    functions = Set.copyOf(functions);
  }

  /** Whether the column has the role. */
  public boolean has(ColumnRole role) {
    return roles.contains(role);
  }

  /** Whether the function is allowed on the column. */
  public boolean allows(AggregateFunction function) {
    return roles.contains(ColumnRole.AGGREGATE) && functions.contains(function);
  }
}
