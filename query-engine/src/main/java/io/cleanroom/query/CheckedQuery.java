package io.cleanroom.query;

import io.cleanroom.query.check.CheckReport;
import java.util.Optional;
import org.apache.calcite.rel.RelNode;

/**
 * A query after the rule check: the report, and for an allowed query the logical plan with the
 * output rules applied (thresholds or differential privacy), ready to optimise and run.
 *
 * @param report the check report
 * @param plan the checked and rewritten logical plan; present exactly when the query is allowed
 */
public record CheckedQuery(CheckReport report, Optional<RelNode> plan) {

  public CheckedQuery {
    if (report.allowed() != plan.isPresent()) {
      throw new IllegalArgumentException("an allowed query has a plan, a refused one none");
    }
  }
}
