package io.cleanroom.query.privacy;

import io.cleanroom.query.schema.ContractTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * Rewrites the plan below the privacy aggregate so that the identity column of every protected
 * dataset reaches the aggregate, even where the query projected it away.
 *
 * <p>Invariant: a rewritten node outputs the original node's fields unchanged, followed by any
 * added identity fields, so the expressions of parent nodes stay valid. Inner equi-joins on two
 * identities are remembered, because both distinct counts are then equal and one suffices.
 */
final class IdentityCarrier {

  /** A rewritten node and where each dataset's identity is in its output. */
  record Carried(RelNode rel, Map<String, Integer> identities) {}

  /** Thrown when an identity cannot reach the aggregate. */
  static final class Unenforceable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unenforceable(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<String, String> identityColumns;
  private final Map<String, RelDataType> identityTypes = new HashMap<>();
  private final Map<String, String> equivalent = new HashMap<>();
  private boolean sawUnion;

  /**
   * @param identityColumns the identity column of each protected dataset
   */
  IdentityCarrier(Map<String, String> identityColumns) {
    this.identityColumns = Map.copyOf(identityColumns);
  }

  /** The protected datasets grouped by provably equal identity values. */
  List<Set<String>> classes(Set<String> datasets) {
    Map<String, Set<String>> byRoot = new LinkedHashMap<>();
    for (String d : new TreeSet<>(datasets)) {
      String root = sawUnion ? d : find(d);
      byRoot.computeIfAbsent(root, k -> new TreeSet<>()).add(d);
    }
    return new ArrayList<>(byRoot.values());
  }

  Carried carry(RelNode node) {
    return switch (node) {
      case TableScan s -> scan(s);
      case Filter f -> {
        Carried in = carry(f.getInput());
        yield new Carried(f.copy(f.getTraitSet(), in.rel(), f.getCondition()), in.identities());
      }
      case Project p -> project(p);
      case Join j -> join(j);
      case Union u when u.all -> union(u);
      case Values v -> new Carried(v, Map.of());
      default ->
          throw new Unenforceable("identities cannot be tracked through " + node.getRelTypeName());
    };
  }

  private Carried scan(TableScan scan) {
    ContractTable table = scan.getTable().unwrap(ContractTable.class);
    String dataset = table.name();
    String column = identityColumns.get(dataset);
    if (column == null) {
      return new Carried(scan, Map.of());
    }
    var field = scan.getRowType().getField(column, true, false);
    identityTypes.put(dataset, field.getType());
    return new Carried(scan, Map.of(dataset, field.getIndex()));
  }

  private Carried project(Project p) {
    Carried in = carry(p.getInput());
    List<RexNode> exprs = new ArrayList<>(p.getProjects());
    List<String> names = new ArrayList<>(p.getRowType().getFieldNames());
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : in.identities().entrySet()) {
      int existing = -1;
      for (int i = 0; i < p.getProjects().size(); i++) {
        if (p.getProjects().get(i) instanceof RexInputRef r && r.getIndex() == e.getValue()) {
          existing = i;
        }
      }
      if (existing < 0) {
        existing = exprs.size();
        exprs.add(RexInputRef.of(e.getValue(), in.rel().getRowType()));
        names.add("$identity_" + e.getKey());
      }
      out.put(e.getKey(), existing);
    }
    return new Carried(LogicalProject.create(in.rel(), List.of(), exprs, names, Set.of()), out);
  }

  private Carried join(Join join) {
    Carried left = carry(join.getLeft());
    Carried right = carry(join.getRight());
    int l = join.getLeft().getRowType().getFieldCount();
    int r = join.getRight().getRowType().getFieldCount();
    int el = left.rel().getRowType().getFieldCount() - l;
    int er = right.rel().getRowType().getFieldCount() - r;
    RexNode condition = join.getCondition().accept(shiftRight(l, el));
    JoinRelType type = join.getJoinType();
    RelNode joined =
        join.copy(
            join.getTraitSet(), condition, left.rel(), right.rel(), type, join.isSemiJoinDone());
    JoinInfo info = join.analyzeCondition();
    if (type == JoinRelType.SEMI) {
      Map<String, Integer> out = new LinkedHashMap<>(left.identities());
      for (Map.Entry<String, Integer> e : right.identities().entrySet()) {
        int pos = info.rightKeys.indexOf(e.getValue());
        if (pos < 0) {
          throw new Unenforceable(
              "the identity of "
                  + e.getKey()
                  + " does not reach the"
                  + " aggregation: the semi-join does not compare it");
        }
        out.put(e.getKey(), info.leftKeys.get(pos));
        remember(left.identities(), info.leftKeys.get(pos), e.getKey());
      }
      return new Carried(joined, out);
    }
    if (type == JoinRelType.INNER) {
      for (int i = 0; i < info.leftKeys.size(); i++) {
        for (Map.Entry<String, Integer> e : right.identities().entrySet()) {
          if (e.getValue().equals(info.rightKeys.get(i))) {
            remember(left.identities(), info.leftKeys.get(i), e.getKey());
          }
        }
      }
    }
    return reorder(joined, left.identities(), right.identities(), l, el, r, er);
  }

  /** Puts the join's output back into the layout: left, right, left extras, right extras. */
  private Carried reorder(
      RelNode joined,
      Map<String, Integer> li,
      Map<String, Integer> ri,
      int l,
      int el,
      int r,
      int er) {
    if (el == 0) {
      Map<String, Integer> out = new LinkedHashMap<>(li);
      ri.forEach((d, i) -> out.put(d, l + i));
      return new Carried(joined, out);
    }
    RexBuilder rex = joined.getCluster().getRexBuilder();
    List<RexNode> exprs = new ArrayList<>();
    int[] newPos = new int[l + el + r + er];
    for (int i = 0; i < l; i++) {
      newPos[i] = exprs.size();
      exprs.add(rex.makeInputRef(joined, i));
    }
    for (int i = 0; i < r; i++) {
      newPos[l + el + i] = exprs.size();
      exprs.add(rex.makeInputRef(joined, l + el + i));
    }
    for (int i = 0; i < el; i++) {
      newPos[l + i] = exprs.size();
      exprs.add(rex.makeInputRef(joined, l + i));
    }
    for (int i = 0; i < er; i++) {
      newPos[l + el + r + i] = exprs.size();
      exprs.add(rex.makeInputRef(joined, l + el + r + i));
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    li.forEach((d, i) -> out.put(d, newPos[i]));
    ri.forEach((d, i) -> out.put(d, newPos[l + el + i]));
    return new Carried(
        LogicalProject.create(joined, List.of(), exprs, (List<String>) null, Set.of()), out);
  }

  private Carried union(Union union) {
    List<Carried> inputs = union.getInputs().stream().map(this::carry).toList();
    Set<String> datasets = new TreeSet<>();
    inputs.forEach(c -> datasets.addAll(c.identities().keySet()));
    sawUnion = true;
    RexBuilder rex = union.getCluster().getRexBuilder();
    int n = union.getRowType().getFieldCount();
    List<RelNode> projected = new ArrayList<>();
    for (Carried c : inputs) {
      List<RexNode> exprs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        exprs.add(rex.makeInputRef(c.rel(), i));
      }
      for (String d : datasets) {
        RelDataType t =
            union
                .getCluster()
                .getTypeFactory()
                .createTypeWithNullability(identityTypes.get(d), true);
        Integer at = c.identities().get(d);
        exprs.add(
            at == null
                ? rex.makeNullLiteral(t)
                : rex.makeCast(t, rex.makeInputRef(c.rel(), at), true, false));
      }
      projected.add(
          LogicalProject.create(c.rel(), List.of(), exprs, (List<String>) null, Set.of()));
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    int k = n;
    for (String d : datasets) {
      out.put(d, k++);
    }
    return new Carried(LogicalUnion.create(projected, true), out);
  }

  private void remember(Map<String, Integer> leftIdentities, int leftField, String rightDataset) {
    leftIdentities.forEach(
        (d, i) -> {
          if (i == leftField) {
            equivalent.put(find(rightDataset), find(d));
          }
        });
  }

  private String find(String d) {
    String p = equivalent.get(d);
    return p == null || p.equals(d) ? d : find(p);
  }

  private static RexShuttle shiftRight(int leftCount, int leftExtra) {
    return new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return ref.getIndex() < leftCount
            ? ref
            : new RexInputRef(ref.getIndex() + leftExtra, ref.getType());
      }
    };
  }
}
