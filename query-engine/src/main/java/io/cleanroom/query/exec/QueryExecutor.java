package io.cleanroom.query.exec;

import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.QueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * Runs logical plans on the engine's vectorized operators: Calcite rules optimise the plan (the
 * privacy nodes stay directly on their aggregates), the plan becomes physical operators, and the
 * result is collected as Java values.
 *
 * <p>Each query gets a child allocator of {@code parent} named after it, limited to {@link
 * ExecutionLimits#memoryBytes()}; the engine's heap tables count against the same limit. The
 * allocator is closed when the query ends, successfully or not.
 *
 * <p><b>Security:</b> {@link #execute(CheckedQuery, DatasetSource)} runs only queries the check
 * allowed, with their output rules in the plan. A failure (bad input, memory, time) yields an
 * exception and no partial result.
 */
public final class QueryExecutor {

  private static final AtomicLong QUERIES = new AtomicLong();

  private final BufferAllocator parent;
  private final ExecutionLimits limits;
  private final Optional<DpReleaser> dp;

  public QueryExecutor(BufferAllocator parent, ExecutionLimits limits) {
    this(parent, limits, Optional.empty());
  }

  /** An executor that runs differentially private aggregates with {@code dp}. */
  public QueryExecutor(BufferAllocator parent, ExecutionLimits limits, Optional<DpReleaser> dp) {
    this.parent = parent;
    this.limits = limits;
    this.dp = dp;
  }

  /** Runs a checked query; refuses ({@code REFUSED}) one the check did not allow. */
  public QueryResult execute(CheckedQuery checked, DatasetSource source) {
    if (!checked.report().allowed() || checked.plan().isEmpty()) {
      throw new QueryException(
          QueryException.Code.REFUSED, "the query was refused by the contract's rules");
    }
    return execute(checked.plan().get(), source);
  }

  /**
   * The physical plan a logical plan would run as (the text of {@link QueryResult#plan()}), without
   * opening any dataset.
   */
  public String explain(RelNode logicalPlan) {
    RelNode plan = PlanOptimizer.optimize(logicalPlan);
    try (BufferAllocator allocator = parent.newChildAllocator("explain", 0, limits.memoryBytes())) {
      DatasetSource none =
          (id, cols, a) -> {
            throw new QueryException(QueryException.Code.INTERNAL, "explain opens no dataset");
          };
      ExecContext ctx =
          new ExecContext(
              allocator,
              limits.memoryBytes(),
              limits.timeLimit().toMillis(),
              none,
              logicalPlan.getCluster().getRexBuilder(),
              dp,
              limits.parallelism());
      PhysicalPlanner planner = new PhysicalPlanner(ctx);
      Operator root = planner.build(plan, 0);
      try {
        return planner.explain();
      } finally {
        root.close();
      }
    }
  }

  /** Runs a logical plan as it is, without any rule check (TPC-H, benchmarks, tests). */
  public QueryResult execute(RelNode logicalPlan, DatasetSource source) {
    String name = "query-" + QUERIES.incrementAndGet();
    RelNode plan;
    try {
      plan = PlanOptimizer.optimize(logicalPlan);
    } catch (RuntimeException e) {
      throw new QueryException(
          QueryException.Code.UNSUPPORTED, "the plan cannot be optimised: " + e.getMessage(), e);
    }
    try (BufferAllocator allocator = parent.newChildAllocator(name, 0, limits.memoryBytes())) {
      ExecContext ctx =
          new ExecContext(
              allocator,
              limits.memoryBytes(),
              limits.timeLimit().toMillis(),
              source,
              logicalPlan.getCluster().getRexBuilder(),
              dp,
              limits.parallelism());
      PhysicalPlanner planner = new PhysicalPlanner(ctx);
      List<List<Object>> rows = new ArrayList<>();
      try (Operator root = planner.build(plan, 0)) {
        RelDataType type = plan.getRowType();
        List<RelDataType> types = PhysicalPlanner.types(type);
        Batch b;
        while ((b = root.next()) != null) {
          for (int r = 0; r < b.rows(); r++) {
            List<Object> row = new ArrayList<>(types.size());
            for (int c = 0; c < types.size(); c++) {
              row.add(Types.value(b.cols()[c], r, types.get(c), ctx.dict));
            }
            rows.add(row);
          }
          ctx.memory.reserve(64L * b.rows() * Math.max(1, types.size()));
        }
        return new QueryResult(
            type.getFieldList().stream().map(RelDataTypeField::getName).toList(),
            types.stream().map(Types::resultType).toList(),
            rows,
            ctx.suppressedGroups,
            planner.explain());
      }
    } catch (OutOfMemoryException e) {
      throw new QueryException(
          QueryException.Code.MEMORY_LIMIT,
          "the query needs more than its memory limit of " + limits.memoryBytes() + " bytes",
          e);
    } catch (QueryException e) {
      throw e;
    } catch (OutOfMemoryError e) {
      throw new QueryException(
          QueryException.Code.MEMORY_LIMIT, "the query ran out of heap memory", e);
    } catch (RuntimeException e) {
      throw new QueryException(
          QueryException.Code.INTERNAL, "execution failed: " + e.getClass().getSimpleName(), e);
    }
  }
}
