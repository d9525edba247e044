package io.cleanroom.query.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The analysis rule a data owner sets on one dataset: how each column may be used, the minimum
 * number of distinct identities per output group, output columns that may never be released,
 * optional differential privacy, and in template mode the only queries that may run.
 *
 * <p><b>Security:</b> the rule is deny-by-default: a column that is not listed in {@link #columns}
 * cannot be read, and a function not listed for an aggregate column cannot be applied to it.
 *
 * @param mode aggregation (any query that passes the column rules) or template (only listed ones)
 * @param columns the policy of each usable column; unlisted columns are unreadable
 * @param minimumThreshold groups with fewer distinct identities are suppressed (0 disables)
 * @param disallowedOutputColumns columns that must not flow into any output column
 * @param differentialPrivacy optional differential privacy applied to aggregates
 * @param templates the allowed queries in template mode; empty in aggregation mode
 */
public record AnalysisRule(
    Mode mode,
    Map<String, ColumnPolicy> columns,
    int minimumThreshold,
    Set<String> disallowedOutputColumns,
    Optional<DifferentialPrivacy> differentialPrivacy,
    List<QueryTemplate> templates) {

  /** Whether any query passing the column rules may run, or only listed templates. */
  public enum Mode {
    /** Any aggregate query that passes the column rules. */
    AGGREGATION,
    /** Only the listed parameterised queries. */
    TEMPLATE
  }

  public AnalysisRule {
    columns = Map.copyOf(columns);
    disallowedOutputColumns = Set.copyOf(disallowedOutputColumns);
    templates = List.copyOf(templates);
  }

  /** The policy of a column; a column without a policy has no roles. */
  public ColumnPolicy policy(String column) {
    ColumnPolicy p = columns.get(column);
    return p == null ? new ColumnPolicy(Set.of(), Set.of()) : p;
  }

  /** The identity (privacy unit) column, if the rule names one. */
  public Optional<String> identityColumn() {
    return columns.entrySet().stream()
        .filter(e -> e.getValue().has(ColumnRole.IDENTITY))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** Whether output groups need a minimum count of distinct identities or noise. */
  public boolean protectsOutput() {
    return minimumThreshold > 0 || differentialPrivacy.isPresent();
  }
}
