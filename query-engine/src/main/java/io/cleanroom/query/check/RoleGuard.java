package io.cleanroom.query.check;

import io.cleanroom.query.contract.AggregateFunction;
import io.cleanroom.query.contract.AnalysisRule;
import io.cleanroom.query.contract.ColumnPolicy;
import io.cleanroom.query.contract.ColumnRole;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.DatasetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks the uses of dataset columns against their roles, records every use for the report, and
 * collects refusals.
 *
 * <p><b>Security:</b> a check passes only if every source column of a value has the required role;
 * columns without a role are unreadable. Columns of datasets whose template the query matched are
 * exempt, because their owner approved that exact query.
 */
final class RoleGuard {

  private final Contract contract;
  private final Set<String> templateMatched;
  private final List<Refusal> refusals = new ArrayList<>();
  private final Map<ColumnRef, SortedSet<String>> uses = new TreeMap<>();

  RoleGuard(Contract contract, Set<String> templateMatched) {
    this.contract = contract;
    this.templateMatched = Set.copyOf(templateMatched);
  }

  List<Refusal> refusals() {
    return refusals;
  }

  Map<ColumnRef, SortedSet<String>> uses() {
    return uses;
  }

  Contract contract() {
    return contract;
  }

  boolean templateMatched(String dataset) {
    return templateMatched.contains(dataset);
  }

  void refuse(RefusalCode code, String message) {
    Refusal r = new Refusal(code, message);
    if (!refusals.contains(r)) {
      refusals.add(r);
    }
  }

  AnalysisRule rule(String dataset) {
    return contract.dataset(dataset).map(DatasetSpec::rule).orElseThrow();
  }

  ColumnPolicy policy(ColumnRef ref) {
    return rule(ref.dataset()).policy(ref.column());
  }

  void use(ColumnRef ref, String use) {
    uses.computeIfAbsent(ref, k -> new TreeSet<>()).add(use);
  }

  /**
   * Requires every source of the value to have the role; records the use. Returns whether all
   * sources passed.
   */
  boolean require(Lineage value, ColumnRole role, RefusalCode code, String context) {
    boolean ok = true;
    String label = context.startsWith("a ") ? context.substring(2) : context;
    for (ColumnRef src : value.sources()) {
      use(src, label);
      if (templateMatched(src.dataset())) {
        continue;
      }
      ColumnPolicy p = policy(src);
      if (p.roles().isEmpty()) {
        refuse(
            RefusalCode.UNREADABLE_COLUMN,
            src + " has no role in the analysis rule of " + src.dataset() + " and cannot be read");
        ok = false;
      } else if (!p.has(role)) {
        refuse(
            code,
            context
                + " uses "
                + src
                + ", which is "
                + describe(p)
                + " column, not a "
                + role.jsonName()
                + " column");
        ok = false;
      }
    }
    return ok;
  }

  /** Requires an aggregate of one column to be allowed on it; records the use. */
  boolean requireFunction(ColumnRef src, AggregateFunction function, String shown) {
    use(src, shown);
    if (templateMatched(src.dataset())) {
      return true;
    }
    ColumnPolicy p = policy(src);
    if (p.roles().isEmpty()) {
      refuse(
          RefusalCode.UNREADABLE_COLUMN,
          src + " has no role in the analysis rule of " + src.dataset() + " and cannot be read");
      return false;
    }
    boolean identityCount =
        p.has(ColumnRole.IDENTITY)
            && (function == AggregateFunction.COUNT
                || function == AggregateFunction.COUNT_DISTINCT);
    if (identityCount || p.allows(function)) {
      return true;
    }
    refuse(
        RefusalCode.AGGREGATE_NOT_ALLOWED,
        shown + " is not allowed: " + src + " is " + describe(p) + " column" + allowedText(p));
    return false;
  }

  private static String allowedText(ColumnPolicy p) {
    if (!p.has(ColumnRole.AGGREGATE)) {
      return "";
    }
    return " allowing only "
        + p.functions().stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
  }

  static String describe(ColumnPolicy p) {
    String roles =
        p.roles().stream().map(ColumnRole::jsonName).sorted().collect(Collectors.joining("/"));
    String article = roles.isEmpty() ? "a" : "aeiou".indexOf(roles.charAt(0)) >= 0 ? "an" : "a";
    return article + " " + roles.toLowerCase(Locale.ROOT);
  }
}
