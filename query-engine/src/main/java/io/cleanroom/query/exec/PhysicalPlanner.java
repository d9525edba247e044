package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import io.cleanroom.query.plan.DpAggregate;
import io.cleanroom.query.plan.SuppressSmallGroups;
import io.cleanroom.query.schema.ContractTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * Translates an optimised logical plan into the engine's operators, and writes the physical plan as
 * text: one operator per line, indented by depth, each marked {@code [vectorized]} or {@code
 * [fallback]} (row at a time over materialised input).
 */
final class PhysicalPlanner {

  private final ExecContext ctx;
  private StringBuilder explain = new StringBuilder();
  private ScanSource shared;
  private final java.util.Map<RelNode, HashJoinOperator.BuildSide> builds =
      new java.util.IdentityHashMap<>();

  PhysicalPlanner(ExecContext ctx) {
    this.ctx = ctx;
  }

  String explain() {
    return explain.toString();
  }

  Operator build(RelNode rel, int depth) {
    return switch (rel) {
      case SuppressSmallGroups s -> {
        line(
            depth,
            "ArrowSuppressSmallGroups(keep="
                + s.visibleFields()
                + ", thresholds="
                + s.thresholds()
                + ")",
            true);
        yield new SuppressOperator(
            ctx, build(s.getInput(), depth + 1), s.visibleFields(), s.thresholds());
      }
      case DpAggregate d -> {
        line(
            depth,
            "DpAggregate(group="
                + d.groupSet()
                + ", calls="
                + d.calls()
                + ", dp=["
                + d.spec()
                + "], releaser="
                + (ctx.dp.isPresent() ? "configured" : "none")
                + ")",
            false);
        yield new DpOperator(
            ctx, build(d.getInput(), depth + 1), d, doubles(d.getInput().getRowType()));
      }
      case Project p when p.getInput() instanceof TableScan t -> scan(p, t, null, depth);
      case Project p when p.getInput() instanceof Filter f && f.getInput() instanceof TableScan t ->
          scan(p, t, f.getCondition(), depth);
      case Filter f when f.getInput() instanceof TableScan t ->
          scan(null, t, f.getCondition(), depth);
      case Filter f
          when f.getInput() instanceof Project p
              && p.getInput() instanceof TableScan t
              && p.getProjects().stream().allMatch(e -> e instanceof RexInputRef) ->
          scan(
              p, t, org.apache.calcite.plan.RelOptUtil.pushPastProject(f.getCondition(), p), depth);
      case TableScan t -> scan(null, t, null, depth);
      case Filter f -> {
        line(depth, "ArrowFilter(condition=" + f.getCondition() + ")", true);
        Operator in = build(f.getInput(), depth + 1);
        yield new FilterOperator(in, compiler(f.getInput()).compile(f.getCondition()));
      }
      case Project p -> {
        line(depth, "ArrowProject(" + p.getProjects() + ")", true);
        Operator in =
            p.getInput() instanceof Join j
                ? join(j, depth + 1, used(p.getProjects(), j.getRowType().getFieldCount()))
                : build(p.getInput(), depth + 1);
        yield new ProjectOperator(in, compiler(p.getInput()).compileAll(p.getProjects()));
      }
      case Aggregate a -> aggregate(a, depth);
      case Join j -> join(j, depth, null);
      case Sort s -> sort(s, depth);
      case Union u -> union(u, depth);
      case Values v -> values(v, depth);
      case Window w -> {
        line(depth, "Window(groups=" + w.groups + ")", false);
        yield new WindowOperator(
            ctx, build(w.getInput(), depth + 1), w, doubles(w.getInput().getRowType()));
      }
      default ->
          throw new QueryException(
              QueryException.Code.UNSUPPORTED,
              "the operator " + rel.getRelTypeName() + " is not supported by the executor");
    };
  }

  private void line(int depth, String text, boolean vectorized) {
    explain
        .append("  ".repeat(depth))
        .append(text)
        .append(vectorized ? " [vectorized]" : " [fallback]")
        .append('\n');
  }

  private ExprCompiler compiler(RelNode input) {
    return new ExprCompiler(ctx, types(input.getRowType()));
  }

  static List<RelDataType> types(RelDataType row) {
    return row.getFieldList().stream().map(RelDataTypeField::getType).toList();
  }

  static boolean[] doubles(RelDataType row) {
    List<RelDataType> t = types(row);
    boolean[] out = new boolean[t.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Types.isDouble(t.get(i));
    }
    return out;
  }

  /**
   * A scan that opens only the columns used by the projection and the filter directly above it
   * (projection push-down), with the filter applied to each batch (filter push-down).
   */
  private Operator scan(Project p, TableScan t, RexNode condition, int depth) {
    ContractTable ct = t.getTable().unwrap(ContractTable.class);
    if (ct == null) {
      throw new QueryException(
          QueryException.Code.UNSUPPORTED, "a scan of a table the executor does not know");
    }
    List<Field> all = ct.arrowSchema().getFields();
    java.util.BitSet used = new java.util.BitSet();
    if (p == null) {
      used.set(0, all.size());
    } else {
      p.getProjects().forEach(e -> used.or(refs(e)));
      if (condition != null) {
        used.or(refs(condition));
      }
    }
    int[] map = new int[all.size()];
    List<Field> fields = new ArrayList<>();
    List<RelDataType> scanTypes = new ArrayList<>();
    List<RelDataType> tableTypes = types(t.getRowType());
    List<Integer> order = new ArrayList<>();
    if (p != null
        && isPermutation(p.getProjects())
        && (condition == null || p.getProjects().size() == used.cardinality())) {
      p.getProjects().forEach(e -> order.add(((RexInputRef) e).getIndex()));
    } else {
      used.stream().forEach(order::add);
    }
    for (int i : order) {
      map[i] = fields.size();
      fields.add(all.get(i));
      scanTypes.add(tableTypes.get(i));
    }
    if (fields.isEmpty()) {
      map[0] = 0;
      fields.add(all.get(0));
      scanTypes.add(tableTypes.get(0));
    }
    org.apache.calcite.rex.RexShuttle remap =
        new org.apache.calcite.rex.RexShuttle() {
          @Override
          public RexNode visitInputRef(RexInputRef ref) {
            return new RexInputRef(map[ref.getIndex()], ref.getType());
          }
        };
    RexNode cond = condition == null ? null : condition.accept(remap);
    List<RexNode> projects = p == null ? null : remap.apply(p.getProjects());
    boolean identity = projects == null || isIdentity(projects, fields.size());
    if (!identity) {
      line(depth++, "ArrowProject(" + projects + ")", true);
    }
    ExprCompiler compiler = new ExprCompiler(ctx, scanTypes);
    ScanFilter filter =
        cond == null ? null : ScanFilter.compile(compiler, ctx.rexBuilder, cond, scanTypes);
    boolean[] output = identity ? null : new boolean[fields.size()];
    if (output != null) {
      projects.forEach(e -> refs(e).stream().forEach(i -> output[i] = true));
    }
    line(
        depth,
        "ArrowScan(table="
            + ct.name()
            + ", columns="
            + fields.stream().map(Field::getName).toList()
            + (cond == null ? "" : ", filter=" + cond)
            + ")",
        true);
    ScanSource source = shared == null ? new ScanSource(ctx, ct.name(), fields) : shared;
    Operator scan = new ScanOperator(ctx, source, filter, output, shared == null);
    return identity ? scan : new ProjectOperator(scan, compiler.compileAll(projects));
  }

  /** Distinct plain columns: the scan can open them in this order. */
  private static boolean isPermutation(List<RexNode> projects) {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (RexNode e : projects) {
      if (!(e instanceof RexInputRef r) || !seen.add(r.getIndex())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIdentity(List<RexNode> projects, int width) {
    if (projects.size() != width) {
      return false;
    }
    for (int i = 0; i < width; i++) {
      if (!(projects.get(i) instanceof RexInputRef r) || r.getIndex() != i) {
        return false;
      }
    }
    return true;
  }

  private static java.util.BitSet refs(RexNode e) {
    java.util.BitSet b = new java.util.BitSet();
    e.accept(
        new org.apache.calcite.rex.RexVisitorImpl<Void>(true) {
          @Override
          public Void visitInputRef(RexInputRef ref) {
            b.set(ref.getIndex());
            return null;
          }
        });
    return b;
  }

  private Operator aggregate(Aggregate a, int depth) {
    if (a.getGroupType() != Aggregate.Group.SIMPLE) {
      throw new QueryException(
          QueryException.Code.UNSUPPORTED, "GROUPING SETS, ROLLUP and CUBE are not supported");
    }
    int workers = shared == null && isScanPipeline(a.getInput()) ? ctx.parallelism : 1;
    int lineStart = explain.length();
    line(
        depth,
        "ArrowHashAggregate(group="
            + a.getGroupSet()
            + ", calls="
            + a.getAggCallList()
            + (workers > 1 ? ", workers=" + workers : "")
            + ")",
        true);
    Operator in = build(a.getInput(), depth + 1);
    List<Operator> copies = new ArrayList<>(List.of(in));
    ScanSource source = null;
    if (workers > 1) {
      // The scan at the bottom of the probe chain, found through the operators: the same table
      // scan may also appear in a build side (TPC-H Q18 reads lineitem twice).
      source = in.pipelineSource();
      workers = source == null ? 1 : workers;
      if (workers == 1) {
        int lineEnd = explain.indexOf("\n", lineStart);
        String fixed =
            explain
                .substring(lineStart, lineEnd)
                .replace(", workers=" + ctx.parallelism + ")", ")");
        explain.replace(lineStart, lineEnd, fixed);
      }
    }
    if (workers > 1) {
      StringBuilder kept = explain;
      try {
        explain = new StringBuilder();
        shared = source;
        for (int w = 1; w < workers; w++) {
          copies.add(build(a.getInput(), depth + 1));
        }
      } finally {
        explain = kept;
        shared = null;
      }
    }
    List<RelDataType> inTypes = types(a.getInput().getRowType());
    int[] keys = a.getGroupSet().toArray();
    boolean[] dk = new boolean[keys.length];
    for (int k = 0; k < keys.length; k++) {
      dk[k] = Types.isDouble(inTypes.get(keys[k]));
    }
    boolean stringKey = keys.length == 1 && Types.isString(inTypes.get(keys[0]));
    boolean narrowKeys = true;
    for (int k : keys) {
      narrowKeys &= isNarrow(inTypes.get(k));
    }
    boolean narrow = narrowKeys;
    java.util.function.Supplier<AggState> state =
        () -> {
          List<AggState.Call> calls = new ArrayList<>();
          for (AggregateCall c : a.getAggCallList()) {
            int arg = c.getArgList().isEmpty() ? -1 : c.getArgList().get(0);
            RelDataType argType = arg < 0 ? c.getType() : inTypes.get(arg);
            calls.add(new AggState.Call(Accumulator.create(c, argType, ctx), arg, c.filterArg));
          }
          return new AggState(ctx, keys, dk, stringKey, narrow, calls);
        };
    state.get();
    return workers > 1
        ? new ParallelAggregateOperator(ctx, copies, state, source)
        : new HashAggregateOperator(ctx, in, state);
  }

  /** Filters and projections over one table scan: the part of a plan workers can share. */
  private static boolean isScanPipeline(RelNode rel) {
    return pipelineScan(rel) != null;
  }

  /**
   * The table scan at the bottom of a pipeline of filters, projections and hash-join probes (whose
   * build sides are built once and shared), or null.
   */
  private static TableScan pipelineScan(RelNode rel) {
    return switch (rel) {
      case TableScan t -> t;
      case Filter f -> pipelineScan(f.getInput());
      case Project p -> pipelineScan(p.getInput());
      case Join j when semiBuildsLeft(j) -> null;
      case Join j when j.getJoinType() != org.apache.calcite.rel.core.JoinRelType.FULL ->
          pipelineScan(buildsLeft(j) ? j.getRight() : j.getLeft());
      default -> null;
    };
  }

  /** Non-null values that always fit in 32 bits: string codes, small integers, dates. */
  private static boolean isNarrow(RelDataType t) {
    if (t.isNullable()) {
      return false;
    }
    return switch (t.getSqlTypeName()) {
      case CHAR, VARCHAR, TINYINT, SMALLINT, INTEGER, DATE, BOOLEAN -> true;
      default -> false;
    };
  }

  /** Which of {@code width} input fields the expressions read. */
  private static boolean[] used(List<RexNode> exprs, int width) {
    boolean[] used = new boolean[width];
    exprs.forEach(e -> refs(e).stream().forEach(i -> used[i] = true));
    return used;
  }

  /**
   * A join; {@code output} names the fields its parent reads (null: all), so the others are not
   * gathered.
   */
  private Operator join(Join j, int depth, boolean[] output) {
    JoinInfo info = j.analyzeCondition();
    RexNode remaining =
        org.apache.calcite.rex.RexUtil.composeConjunction(
            j.getCluster().getRexBuilder(), info.nonEquiConditions);
    boolean hasRemainder = !remaining.isAlwaysTrue();
    List<RelDataType> lt = types(j.getLeft().getRowType());
    List<RelDataType> rt = types(j.getRight().getRowType());
    for (int k = 0; k < info.leftKeys.size(); k++) {
      RelDataType a = lt.get(info.leftKeys.get(k));
      RelDataType b = rt.get(info.rightKeys.get(k));
      if (Types.isDouble(a) != Types.isDouble(b)
          || Types.scale(a) != Types.scale(b)
          || Types.isString(a) != Types.isString(b)) {
        throw new QueryException(
            QueryException.Code.UNSUPPORTED, "join keys of types " + a + " and " + b);
      }
    }
    var mq = j.getCluster().getMetadataQuery();
    double lrows = rows(j.getLeft(), mq);
    double rrows = rows(j.getRight(), mq);
    if (semiBuildsLeft(j)) {
      line(
          depth,
          "ArrowHashJoin(type=semi, build=left (rows≈"
              + Math.round(lrows)
              + " vs "
              + Math.round(rrows)
              + "), keys="
              + info.leftKeys
              + "="
              + info.rightKeys
              + ")",
          true);
      Operator left = build(j.getLeft(), depth + 1);
      Operator right = build(j.getRight(), depth + 1);
      return new SemiJoinOperator(
          ctx,
          left,
          right,
          info.leftKeys.toIntArray(),
          info.rightKeys.toIntArray(),
          doubles(j.getLeft().getRowType()));
    }
    boolean buildLeft = buildsLeft(j);
    HashJoinOperator.Mode mode =
        switch (j.getJoinType()) {
          case INNER -> HashJoinOperator.Mode.INNER;
          case LEFT, RIGHT -> HashJoinOperator.Mode.PROBE_OUTER;
          case SEMI -> HashJoinOperator.Mode.SEMI;
          default -> HashJoinOperator.Mode.ANTI;
        };
    line(
        depth,
        "ArrowHashJoin(type="
            + j.getJoinType().lowerName
            + ", build="
            + (buildLeft ? "left" : "right")
            + " (rows≈"
            + Math.round(buildLeft ? lrows : rrows)
            + " vs "
            + Math.round(buildLeft ? rrows : lrows)
            + ")"
            + ", keys="
            + info.leftKeys
            + "="
            + info.rightKeys
            + (hasRemainder ? ", remainder=" + remaining : "")
            + ")",
        true);
    HashJoinOperator.BuildSide reused = shared == null ? null : builds.get(j);
    Operator left = buildLeft && reused != null ? null : build(j.getLeft(), depth + 1);
    Operator right = !buildLeft && reused != null ? null : build(j.getRight(), depth + 1);
    Expr rem = null;
    if (hasRemainder) {
      List<RelDataType> both = new ArrayList<>(lt);
      both.addAll(rt);
      rem = new ExprCompiler(ctx, both).compile(remaining);
    }
    int[] lk = info.leftKeys.toIntArray();
    int[] rk = info.rightKeys.toIntArray();
    HashJoinOperator.BuildSide side = reused;
    if (side == null) {
      side =
          buildLeft
              ? new HashJoinOperator.BuildSide(ctx, left, lk, doubles(j.getLeft().getRowType()))
              : new HashJoinOperator.BuildSide(ctx, right, rk, doubles(j.getRight().getRowType()));
      builds.put(j, side);
    }
    return buildLeft
        ? new HashJoinOperator(ctx, right, side, rk, mode, false, rem, output)
        : new HashJoinOperator(ctx, left, side, lk, mode, true, rem, output);
  }

  /**
   * A semi join on keys alone whose left input is the smaller by estimate: it hashes the left input
   * and streams the right one ({@link SemiJoinOperator}).
   */
  private static boolean semiBuildsLeft(Join j) {
    if (j.getJoinType() != org.apache.calcite.rel.core.JoinRelType.SEMI) {
      return false;
    }
    JoinInfo info = j.analyzeCondition();
    if (!info.isEqui() || info.leftKeys.isEmpty()) {
      return false;
    }
    var mq = j.getCluster().getMetadataQuery();
    return rows(j.getLeft(), mq) < rows(j.getRight(), mq);
  }

  /** Which input a join hashes: the smaller for inner joins, else the non-preserved one. */
  private static boolean buildsLeft(Join j) {
    return switch (j.getJoinType()) {
      case INNER -> {
        var mq = j.getCluster().getMetadataQuery();
        yield rows(j.getLeft(), mq) < rows(j.getRight(), mq);
      }
      case RIGHT -> true;
      case LEFT, SEMI, ANTI -> false;
      default ->
          throw new QueryException(
              QueryException.Code.UNSUPPORTED, j.getJoinType() + " joins are not supported");
    };
  }

  private static double nz(Double d) {
    return d == null ? 0 : d;
  }

  /**
   * The estimated output rows of a plan: Calcite's, except for joins. Calcite estimates an
   * equi-join without known keys as a fraction of the cross product, which for joins over joins
   * grows far beyond either input (e.g. 3*10^13 rows for TPC-H customer-orders-lineitem) and then
   * builds on the wrong side; here an equi-join yields about as many rows as its larger input (a
   * key/foreign-key join), a semi or anti join at most its left input, and every other operator
   * keeps Calcite's ratio of output to input rows (never more than its input).
   */
  static double rows(RelNode rel, org.apache.calcite.rel.metadata.RelMetadataQuery mq) {
    if (rel instanceof Join j) {
      double l = rows(j.getLeft(), mq);
      double r = rows(j.getRight(), mq);
      return switch (j.getJoinType()) {
        case SEMI, ANTI -> l;
        default -> j.analyzeCondition().leftKeys.isEmpty() ? nz(mq.getRowCount(j)) : Math.max(l, r);
      };
    }
    List<RelNode> inputs = rel.getInputs();
    double own = nz(mq.getRowCount(rel));
    if (inputs.size() != 1) {
      if (inputs.isEmpty()) {
        return own;
      }
      double sum = 0;
      for (RelNode in : inputs) {
        sum += rows(in, mq);
      }
      return sum;
    }
    RelNode in = inputs.get(0);
    if (rel instanceof Aggregate a && a.getGroupSet().isEmpty()) {
      return 1;
    }
    double calciteIn = nz(mq.getRowCount(in));
    double ratio = calciteIn > 0 ? Math.min(1, own / calciteIn) : 1;
    return rows(in, mq) * ratio;
  }

  private Operator sort(Sort s, int depth) {
    long offset = s.offset == null ? 0 : constant(s.offset);
    long fetch = s.fetch == null ? -1 : constant(s.fetch);
    line(
        depth,
        "ArrowSort(collation="
            + s.getCollation()
            + (s.offset == null ? "" : ", offset=" + offset)
            + (s.fetch == null ? "" : ", fetch=" + fetch)
            + ")",
        true);
    Operator in = build(s.getInput(), depth + 1);
    List<RelDataType> t = types(s.getInput().getRowType());
    boolean[] strings = new boolean[t.size()];
    for (int i = 0; i < strings.length; i++) {
      strings[i] = Types.isString(t.get(i));
    }
    return new SortOperator(
        ctx,
        in,
        s.getCollation().getFieldCollations(),
        strings,
        doubles(s.getInput().getRowType()),
        offset,
        fetch);
  }

  private static long constant(RexNode n) {
    if (n instanceof RexLiteral lit) {
      return lit.getValueAs(Long.class);
    }
    if (n instanceof RexDynamicParam) {
      throw new QueryException(QueryException.Code.UNSUPPORTED, "OFFSET or FETCH as a parameter");
    }
    throw new QueryException(QueryException.Code.UNSUPPORTED, "OFFSET or FETCH " + n);
  }

  private Operator union(Union u, int depth) {
    if (!u.all) {
      throw new QueryException(
          QueryException.Code.UNSUPPORTED, "UNION DISTINCT should have been rewritten");
    }
    line(depth, "ArrowUnion(all)", true);
    List<Operator> inputs = new ArrayList<>();
    List<RelDataType> out = types(u.getRowType());
    for (RelNode in : u.getInputs()) {
      Operator op = build(in, depth + 1);
      List<RelDataType> it = types(in.getRowType());
      List<Expr> casts = new ArrayList<>();
      boolean needed = false;
      ExprCompiler c = new ExprCompiler(ctx, it);
      for (int i = 0; i < it.size(); i++) {
        int f = i;
        Expr ref = b -> b.cols()[f];
        boolean same =
            Types.isDouble(it.get(i)) == Types.isDouble(out.get(i))
                && Types.scale(it.get(i)) == Types.scale(out.get(i));
        needed |= !same;
        casts.add(same ? ref : c.cast(ref, it.get(i), out.get(i)));
      }
      inputs.add(needed ? new ProjectOperator(op, casts) : op);
    }
    return new UnionOperator(inputs);
  }

  private Operator values(Values v, int depth) {
    line(depth, "ArrowValues(rows=" + v.getTuples().size() + ")", true);
    List<RelDataType> t = types(v.getRowType());
    int n = v.getTuples().size();
    Vec[] cols = new Vec[t.size()];
    ExprCompiler c = new ExprCompiler(ctx, List.of());
    for (int f = 0; f < cols.length; f++) {
      RowFunctions.Out out = new RowFunctions.Out(n, t.get(f), ctx.dict);
      for (int r = 0; r < n; r++) {
        Vec one = c.literal(v.getTuples().get(r).get(f), t.get(f)).eval(new Batch(1, new Vec[0]));
        out.set(r, Types.value(one, 0, t.get(f), ctx.dict));
      }
      cols[f] = out.vec();
    }
    return new ListOperator(List.of(new Batch(n, cols)));
  }
}
