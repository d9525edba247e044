package io.cleanroom.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.query.check.Analysis;
import io.cleanroom.query.check.ParameterBinder;
import io.cleanroom.query.check.RefusalCode;
import io.cleanroom.query.check.ReportBuilder;
import io.cleanroom.query.check.RuleChecker;
import io.cleanroom.query.contract.AnalysisRule;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.DatasetSpec;
import io.cleanroom.query.contract.QueryTemplate;
import io.cleanroom.query.plan.PlanNormalizer;
import io.cleanroom.query.plan.SqlFrontEnd;
import io.cleanroom.query.privacy.OutputPrivacyRewriter;
import io.cleanroom.query.schema.QuerySchema;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Checks SQL queries against a contract: parse, validate against a schema holding only the
 * contract's datasets, normalise, check the analysis rules on the logical plan, and apply the
 * output rules. The same check runs in the portal (to show approvers) and in the enclave.
 *
 * <p><b>Security:</b> this is the gate of the clean room; it never throws for a query it refuses
 * but returns a report with every reason. Any failure to understand a query is a refusal.
 */
public final class QueryChecker {

  private final Contract contract;
  private final Map<String, Long> rowCounts;

  public QueryChecker(Contract contract) {
    this(contract, Map.of());
  }

  /** A checker whose plans use the given row count estimates per dataset. */
  public QueryChecker(Contract contract, Map<String, Long> rowCounts) {
    this.contract = contract;
    this.rowCounts = Map.copyOf(rowCounts);
  }

  /** The contract queries are checked against. */
  public Contract contract() {
    return contract;
  }

  /** Checks a query without parameters. */
  public CheckedQuery check(String sql) {
    return check(sql, List.of());
  }

  /** Checks a query with values for its {@code ?} placeholders. */
  public CheckedQuery check(String sql, List<JsonNode> parameters) {
    ReportBuilder report = new ReportBuilder(contract);
    SqlFrontEnd.Parsed parsed;
    try {
      parsed = SqlFrontEnd.parse(sql);
    } catch (QueryException e) {
      return refused(report.refuse(RefusalCode.INVALID_SQL, e.getMessage()));
    }
    report.query(parsed.normalizedSql(), parameters);
    Set<String> matched = matchTemplates(parsed.normalizedSql(), parameters, report);
    SqlFrontEnd.Converted converted;
    RelNode plan;
    try {
      converted = new SqlFrontEnd(QuerySchema.of(contract, rowCounts)).toRel(parsed.node());
      if (!parametersFit(converted.parameterTypes(), parameters, report)) {
        return refused(report);
      }
      plan = PlanNormalizer.normalize(converted.root());
      plan = ParameterBinder.bind(plan, parameters);
    } catch (QueryException e) {
      return refused(report.refuse(RefusalCode.INVALID_SQL, e.getMessage()));
    } catch (RuntimeException e) {
      return refused(
          report.refuse(
              RefusalCode.UNSUPPORTED,
              "the query cannot be analysed: " + e.getClass().getSimpleName()));
    }
    Analysis analysis = RuleChecker.check(contract, plan, matched);
    report.analysis(analysis);
    if (!analysis.allowed()) {
      return refused(report);
    }
    return switch (OutputPrivacyRewriter.rewrite(contract, plan, analysis)) {
      case OutputPrivacyRewriter.Rewritten r -> {
        report.outputRules(r.thresholds(), r.dp());
        yield new CheckedQuery(report.build(), Optional.of(r.plan()));
      }
      case OutputPrivacyRewriter.Unenforceable u ->
          refused(
              report.refuse(
                  u.dp() ? RefusalCode.DP_UNSUPPORTED : RefusalCode.THRESHOLD_UNENFORCEABLE,
                  u.message()));
    };
  }

  private static CheckedQuery refused(ReportBuilder report) {
    return new CheckedQuery(report.build(), Optional.empty());
  }

  private Set<String> matchTemplates(
      String normalized, List<JsonNode> params, ReportBuilder report) {
    Set<String> matched = new HashSet<>();
    for (DatasetSpec d : contract.datasets()) {
      if (d.rule().mode() != AnalysisRule.Mode.TEMPLATE) {
        continue;
      }
      for (QueryTemplate t : d.rule().templates()) {
        if (normalize(t.sql()).equals(Optional.of(normalized))) {
          matched.add(d.id());
          report.template(t.id());
          if (!templateParametersFit(t, params)) {
            report.refuse(
                RefusalCode.PARAMETERS_MISMATCH,
                "the parameters do not have the types" + " template '" + t.id() + "' declares");
          }
        }
      }
    }
    return matched;
  }

  private static Optional<String> normalize(String sql) {
    try {
      return Optional.of(SqlFrontEnd.parse(sql).normalizedSql());
    } catch (QueryException e) {
      return Optional.empty();
    }
  }

  private static boolean templateParametersFit(QueryTemplate t, List<JsonNode> params) {
    if (t.parameters().size() != params.size()) {
      return false;
    }
    for (int i = 0; i < params.size(); i++) {
      JsonNode v = params.get(i);
      boolean ok =
          switch (t.parameters().get(i)) {
            case BIGINT -> v.isIntegralNumber();
            case DOUBLE -> v.isNumber();
            case VARCHAR, DATE -> v.isTextual();
            case BOOLEAN -> v.isBoolean();
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean parametersFit(
      List<RelDataType> types, List<JsonNode> params, ReportBuilder report) {
    if (types.size() != params.size()) {
      report.refuse(
          RefusalCode.PARAMETERS_MISMATCH,
          "the query has "
              + types.size()
              + " placeholders but "
              + params.size()
              + " parameters were given");
      return false;
    }
    boolean ok = true;
    for (int i = 0; i < types.size(); i++) {
      Optional<String> why = ParameterBinder.mismatch(params.get(i), types.get(i), i);
      if (why.isPresent()) {
        report.refuse(RefusalCode.PARAMETERS_MISMATCH, why.get());
        ok = false;
      }
    }
    return ok;
  }
}
