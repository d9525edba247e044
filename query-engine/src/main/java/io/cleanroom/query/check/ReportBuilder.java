package io.cleanroom.query.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.query.EngineVersion;
import io.cleanroom.query.contract.ColumnRole;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.DatasetSpec;
import io.cleanroom.query.plan.DpSpec;
import io.cleanroom.query.plan.GroupThreshold;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.stream.Collectors;

/** Assembles a {@link CheckReport}, including its plain-language summary. */
public final class ReportBuilder {

  private final Contract contract;
  private Optional<String> normalizedSql = Optional.empty();
  private List<JsonNode> parameters = List.of();
  private Optional<String> template = Optional.empty();
  private final List<Refusal> refusals = new ArrayList<>();
  private Optional<Analysis> analysis = Optional.empty();
  private List<GroupThreshold> thresholds = List.of();
  private Optional<DpSpec> dp = Optional.empty();

  public ReportBuilder(Contract contract) {
    this.contract = contract;
  }

  public ReportBuilder query(String normalized, List<JsonNode> params) {
    this.normalizedSql = Optional.of(normalized);
    this.parameters = List.copyOf(params);
    return this;
  }

  public ReportBuilder template(String id) {
    this.template = Optional.of(id);
    return this;
  }

  public ReportBuilder refuse(RefusalCode code, String message) {
    refusals.add(new Refusal(code, message));
    return this;
  }

  public ReportBuilder analysis(Analysis a) {
    this.analysis = Optional.of(a);
    refusals.addAll(a.refusals());
    return this;
  }

  public ReportBuilder outputRules(List<GroupThreshold> t, Optional<DpSpec> d) {
    this.thresholds = List.copyOf(t);
    this.dp = d;
    return this;
  }

  public CheckReport build() {
    Optional<String> fingerprint =
        normalizedSql.map(sql -> Fingerprint.of(contract.id(), sql, parameters, EngineVersion.ID));
    List<CheckReport.DatasetRead> reads = analysis.map(this::reads).orElse(List.of());
    List<OutputColumn> outputs = analysis.map(Analysis::outputs).orElse(List.of());
    boolean allowed = refusals.isEmpty();
    return new CheckReport(
        allowed,
        refusals,
        contract.id(),
        normalizedSql,
        parameters,
        fingerprint,
        EngineVersion.ID,
        template,
        reads,
        allowed ? outputs : outputs,
        allowed ? thresholds : List.of(),
        allowed ? dp : Optional.empty(),
        summary(allowed, reads, outputs));
  }

  private List<CheckReport.DatasetRead> reads(Analysis a) {
    List<CheckReport.DatasetRead> out = new ArrayList<>();
    for (String dataset : a.reads().keySet()) {
      DatasetSpec spec = contract.dataset(dataset).orElseThrow();
      List<CheckReport.ColumnRead> columns = new ArrayList<>();
      for (Map.Entry<ColumnRef, SortedSet<String>> e : a.uses().entrySet()) {
        if (e.getKey().dataset().equals(dataset)) {
          List<String> roles =
              spec.rule().policy(e.getKey().column()).roles().stream()
                  .map(ColumnRole::jsonName)
                  .sorted()
                  .toList();
          columns.add(
              new CheckReport.ColumnRead(e.getKey().column(), roles, List.copyOf(e.getValue())));
        }
      }
      out.add(new CheckReport.DatasetRead(dataset, spec.owner(), columns));
    }
    return out;
  }

  private List<String> summary(
      boolean allowed, List<CheckReport.DatasetRead> reads, List<OutputColumn> outputs) {
    List<String> s = new ArrayList<>();
    s.add(
        allowed
            ? "Allowed by the contract's analysis rules."
            : "Refused: " + refusals.size() + (refusals.size() == 1 ? " reason." : " reasons."));
    template.ifPresent(t -> s.add("Matches the approved template '" + t + "'."));
    for (CheckReport.DatasetRead r : reads) {
      String cols =
          r.columns().stream()
              .map(c -> c.column() + " (" + String.join(", ", c.uses()) + ")")
              .collect(Collectors.joining("; "));
      s.add(
          "Reads "
              + r.dataset()
              + " of "
              + r.owner()
              + ": "
              + (cols.isEmpty() ? "row counts only" : cols)
              + ".");
    }
    if (!outputs.isEmpty()) {
      s.add(
          "Outputs "
              + outputs.stream().map(ReportBuilder::describe).collect(Collectors.joining("; "))
              + ".");
    }
    for (GroupThreshold t : thresholds) {
      s.add(
          "Groups with fewer than "
              + t.minimum()
              + " distinct identities of "
              + String.join(" and ", t.datasets())
              + " are suppressed before anything else sees them.");
    }
    dp.ifPresent(
        d ->
            s.add(
                String.format(
                    Locale.ROOT,
                    "Differential privacy: epsilon %.3g is"
                        + " charged to the budget of %s; each identity contributes to at most %d groups.",
                    d.epsilon(),
                    String.join(", ", d.owners()),
                    d.maxGroupsContributed())));
    refusals.forEach(r -> s.add(r.code() + ": " + r.message()));
    return s;
  }

  private static String describe(OutputColumn c) {
    Lineage l = c.lineage();
    if (!l.aggregates().isEmpty()) {
      String aggs =
          l.aggregates().stream().map(AggregateUse::toString).collect(Collectors.joining(", "));
      return c.name() + " from " + aggs;
    }
    if (l.sources().isEmpty()) {
      return c.name() + " (a constant)";
    }
    return c.name()
        + " from "
        + l.sources().stream().map(ColumnRef::toString).collect(Collectors.joining(", "));
  }
}
