package io.cleanroom.query.check;

import io.cleanroom.query.contract.AnalysisRule;
import io.cleanroom.query.contract.ColumnRole;
import io.cleanroom.query.schema.ContractTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Intersect;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Minus;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;

/**
 * The analysis-rule check: a visitor over the normalised logical plan that tracks the lineage of
 * every field and decides, operator by operator, whether the query respects each dataset's rule.
 *
 * <p><b>Security:</b> deny by default. Dataset rows may flow only through scans, filters and
 * projections on dimensions, equi-joins on join columns and UNION ALL into exactly one aggregation
 * (the privacy aggregate), whose groups the engine thresholds before anything else reads them;
 * above it, any post-processing of the released groups is allowed. Every other operator over
 * dataset rows (windows, sorts, limits, anti-joins, correlations, unknown nodes) is refused.
 * Identity and join columns can never reach a group key, a filter or an output, however they are
 * transformed, because lineage follows every expression.
 */
public final class RuleChecker {

  private final RoleGuard guard;
  private final AggregateCheck aggregates;
  private final Map<String, Integer> reads = new TreeMap<>();
  private final List<Aggregate> privacyAggregates = new ArrayList<>();
  private List<Lineage> privacyLineage = List.of();

  private RuleChecker(RoleGuard guard) {
    this.guard = guard;
    this.aggregates = new AggregateCheck(guard, reads);
  }

  /** Checks a normalised plan; {@code templateMatched} lists datasets whose template matched. */
  public static Analysis check(
      io.cleanroom.query.contract.Contract contract, RelNode plan, Set<String> templateMatched) {
    RuleChecker c = new RuleChecker(new RoleGuard(contract, templateMatched));
    NodeInfo root = c.visit(plan);
    List<OutputColumn> outputs = c.root(plan, root);
    Optional<Aggregate> agg =
        c.privacyAggregates.size() == 1
            ? Optional.of(c.privacyAggregates.get(0))
            : Optional.empty();
    return new Analysis(
        List.copyOf(c.guard.refusals()),
        java.util.Collections.unmodifiableMap(new TreeMap<>(c.reads)),
        c.guard.uses(),
        outputs,
        agg,
        c.privacyLineage);
  }

  private NodeInfo visit(RelNode node) {
    return switch (node) {
      case TableScan s -> scan(s);
      case Filter f -> filter(f);
      case Project p -> project(p);
      case Join j -> new JoinCheck(guard).check(j, visit(j.getLeft()), visit(j.getRight()));
      case Aggregate a -> aggregate(a);
      case Sort s -> sort(s);
      case SetOp s -> setOp(s);
      case Values v -> new NodeInfo(Zone.PUBLIC, constants(v.getRowType().getFieldCount()));
      case Window w -> window(w);
      case Correlate c -> unsupported(c, "a correlated sub-query that cannot become a join");
      default -> unsupported(node, "the operator " + node.getRelTypeName());
    };
  }

  private NodeInfo unsupported(RelNode node, String what) {
    guard.refuse(RefusalCode.UNSUPPORTED, "the check does not support " + what);
    return NodeInfo.invalid(node.getRowType().getFieldCount());
  }

  private NodeInfo scan(TableScan scan) {
    ContractTable table = scan.getTable().unwrap(ContractTable.class);
    if (table == null || guard.contract().dataset(table.name()).isEmpty()) {
      return unsupported(scan, "a table outside the contract");
    }
    String dataset = table.name();
    if (reads.merge(dataset, 1, Integer::sum) == 2) {
      guard.refuse(
          RefusalCode.DATASET_READ_TWICE,
          dataset
              + " is read more than once (self-joins"
              + " and set operations over one dataset can isolate rows)");
    }
    AnalysisRule rule = guard.rule(dataset);
    if (rule.mode() == AnalysisRule.Mode.TEMPLATE && !guard.templateMatched(dataset)) {
      guard.refuse(
          RefusalCode.TEMPLATE_REQUIRED,
          dataset
              + " allows only the queries listed in"
              + " its template rule, and this query is none of them");
    }
    List<Lineage> fields = new ArrayList<>();
    for (RelDataTypeField f : scan.getRowType().getFieldList()) {
      fields.add(Lineage.column(new ColumnRef(dataset, f.getName())));
    }
    return new NodeInfo(Zone.RAW, fields);
  }

  private NodeInfo filter(Filter filter) {
    NodeInfo in = visit(filter.getInput());
    RexNode condition = filter.getCondition();
    if (Expressions.containsSubQuery(condition) || Expressions.containsOver(condition)) {
      return unsupported(filter, "a sub-query or window function in a filter");
    }
    if (in.zone() == Zone.RAW) {
      Lineage l = Lineage.derived(Expressions.referenced(condition, in.fields()));
      guard.require(l, ColumnRole.DIMENSION, RefusalCode.FILTER_NOT_DIMENSION, "a filter");
    }
    return in;
  }

  private NodeInfo project(Project project) {
    NodeInfo in = visit(project.getInput());
    List<Lineage> out = new ArrayList<>();
    for (RexNode e : project.getProjects()) {
      if (Expressions.containsSubQuery(e)) {
        return unsupported(project, "a sub-query in a SELECT list");
      }
      if (in.zone() == Zone.RAW && Expressions.containsOver(e)) {
        guard.refuse(
            RefusalCode.WINDOW_OVER_ROWS,
            "window functions over dataset rows can"
                + " single out rows; use them only over aggregated results");
        return NodeInfo.invalid(project.getProjects().size());
      }
      out.add(Expressions.lineage(e, in.fields()));
    }
    return new NodeInfo(in.zone(), out);
  }

  private NodeInfo aggregate(Aggregate agg) {
    NodeInfo in = visit(agg.getInput());
    if (in.zone() != Zone.RAW) {
      return new NodeInfo(in.zone(), AggregateCheck.postLineage(agg, in.fields()));
    }
    privacyAggregates.add(agg);
    if (privacyAggregates.size() == 2) {
      guard.refuse(
          RefusalCode.MULTIPLE_AGGREGATIONS,
          "the query aggregates dataset rows more than"
              + " once; combining several aggregates of the same data allows differencing attacks");
    }
    privacyLineage = aggregates.check(agg, in.fields());
    return new NodeInfo(Zone.RELEASED, privacyLineage);
  }

  private NodeInfo sort(Sort sort) {
    NodeInfo in = visit(sort.getInput());
    if (in.zone() == Zone.RAW) {
      guard.refuse(
          RefusalCode.ORDER_OR_LIMIT_BEFORE_AGGREGATION,
          "ORDER BY, LIMIT or OFFSET over"
              + " dataset rows selects individual rows; apply them to aggregated results only");
      return NodeInfo.invalid(in.fields().size());
    }
    return in;
  }

  private NodeInfo window(Window window) {
    NodeInfo in = visit(window.getInput());
    if (in.zone() == Zone.RAW) {
      guard.refuse(
          RefusalCode.WINDOW_OVER_ROWS,
          "window functions over dataset rows can single"
              + " out rows; use them only over aggregated results");
      return NodeInfo.invalid(window.getRowType().getFieldCount());
    }
    List<Lineage> out = new ArrayList<>(in.fields());
    Lineage all = Lineage.derived(in.fields());
    while (out.size() < window.getRowType().getFieldCount()) {
      out.add(all);
    }
    return new NodeInfo(in.zone(), out);
  }

  private NodeInfo setOp(SetOp setOp) {
    List<NodeInfo> inputs = setOp.getInputs().stream().map(this::visit).toList();
    Zone zone = Zone.PUBLIC;
    boolean mixed = false;
    for (NodeInfo i : inputs) {
      Zone z = zone.combine(i.zone());
      mixed |= z == Zone.INVALID && zone != Zone.INVALID && i.zone() != Zone.INVALID;
      zone = z;
    }
    if (mixed) {
      guard.refuse(
          RefusalCode.ROWS_COMBINED_WITH_RESULTS,
          "a set operation combines dataset rows" + " with aggregated results");
    }
    List<Lineage> fields = new ArrayList<>(inputs.get(0).fields());
    for (NodeInfo i : inputs.subList(1, inputs.size())) {
      for (int f = 0; f < fields.size(); f++) {
        fields.set(f, fields.get(f).merge(i.fields().get(f)));
      }
    }
    boolean deduplicates = !(setOp instanceof Union) || !setOp.all;
    if (zone == Zone.RAW && deduplicates) {
      String what =
          setOp instanceof Intersect
              ? "INTERSECT"
              : setOp instanceof Minus ? "EXCEPT" : "UNION (DISTINCT)";
      for (Lineage l : fields) {
        guard.require(l, ColumnRole.DIMENSION, RefusalCode.SET_OPERATION_NOT_DIMENSION, what);
      }
    }
    return new NodeInfo(zone, fields);
  }

  private List<OutputColumn> root(RelNode plan, NodeInfo root) {
    boolean mustAggregate = false;
    for (String dataset : reads.keySet()) {
      AnalysisRule rule = guard.rule(dataset);
      mustAggregate |= rule.mode() == AnalysisRule.Mode.AGGREGATION || rule.protectsOutput();
    }
    switch (root.zone()) {
      case PUBLIC ->
          guard.refuse(RefusalCode.NO_DATASET, "the query reads no dataset of the contract");
      case RAW -> {
        if (mustAggregate) {
          guard.refuse(
              RefusalCode.NOT_AGGREGATED,
              "rows of "
                  + String.join(", ", reads.keySet())
                  + " would reach the output without aggregation; the rules allow only aggregates");
        }
      }
      default -> {}
    }
    List<OutputColumn> outputs = new ArrayList<>();
    List<RelDataTypeField> fields = plan.getRowType().getFieldList();
    for (int i = 0; i < fields.size(); i++) {
      Lineage l = root.fields().get(i);
      for (ColumnRef src : l.sources()) {
        boolean aggregated =
            l.aggregates().stream().anyMatch(a -> a.column().filter(src::equals).isPresent());
        if (!aggregated) {
          guard.use(src, "output");
        }
        if (guard.rule(src.dataset()).disallowedOutputColumns().contains(src.column())) {
          guard.refuse(
              RefusalCode.DISALLOWED_OUTPUT_COLUMN,
              "output column '"
                  + fields.get(i).getName()
                  + "' depends on "
                  + src
                  + ", which its owner disallowed"
                  + " in outputs");
        }
      }
      RelDataTypeField f = fields.get(i);
      outputs.add(new OutputColumn(f.getName(), f.getType().getFullTypeString(), l));
    }
    return outputs;
  }

  static List<Lineage> constants(int n) {
    return Collections.nCopies(n, Lineage.CONSTANT);
  }
}
