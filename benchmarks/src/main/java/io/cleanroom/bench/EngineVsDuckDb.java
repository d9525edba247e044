package io.cleanroom.bench;

import io.cleanroom.query.exec.DatasetSource;
import io.cleanroom.query.exec.ExecutionLimits;
import io.cleanroom.query.exec.InMemoryDatasetSource;
import io.cleanroom.query.exec.QueryExecutor;
import io.cleanroom.query.exec.QueryResult;
import io.cleanroom.testing.ArrowTables;
import io.cleanroom.testing.DuckDbPeer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.rel.RelNode;

/**
 * Times the engine against DuckDB on the same Arrow data in the same run, query by query, and
 * prints each time, the ratio (ours / DuckDB: below 1 we are faster) and the geometric mean. Every
 * query's rows are compared too, so a fast wrong answer cannot pass for a result.
 */
final class EngineVsDuckDb {

  /**
   * One benchmark query.
   *
   * @param name short label
   * @param plan builds the engine's plan (timed separately as planning)
   * @param duckSql the same query for DuckDB
   */
  record Query(String name, Supplier<RelNode> plan, String duckSql) {}

  private final ArrowTables tables;
  private final BufferAllocator allocator;
  private final int warmups;
  private final int runs;

  EngineVsDuckDb(ArrowTables tables, BufferAllocator allocator, int warmups, int runs) {
    this.tables = tables;
    this.allocator = allocator;
    this.warmups = warmups;
    this.runs = runs;
  }

  /** Runs every query with {@code threads} threads on both engines and prints a table. */
  void run(List<Query> queries, int threads, PrintWriter out) throws Exception {
    DatasetSource source = new InMemoryDatasetSource(tables.batches());
    ExecutionLimits limits = new ExecutionLimits(16L << 30, Duration.ofHours(1), threads);
    QueryExecutor executor = new QueryExecutor(allocator, limits);
    List<Double> ratios = new ArrayList<>();
    try (DuckDbPeer duck = new DuckDbPeer(threads)) {
      duck.load(tables, allocator);
      out.printf(
          Locale.ROOT,
          "%n%d thread(s)%n%-12s %10s %10s %10s %7s %6s  %s%n",
          threads,
          "query",
          "plan ms",
          "ours s",
          "DuckDB s",
          "ratio",
          "rows",
          "same result");
      for (Query q : queries) {
        double planMs = Timer.measure(2, 5, () -> q.plan().get().getId()).wall() * 1e3;
        RelNode plan = q.plan().get();
        QueryResult[] last = new QueryResult[1];
        Timer.Result ours =
            Timer.measure(
                warmups,
                runs,
                () -> {
                  last[0] = executor.execute(plan, source);
                  return last[0].rows().size();
                });
        List<List<Object>> duckRows = new ArrayList<>();
        Timer.Result theirs =
            Timer.measure(
                warmups,
                runs,
                () -> {
                  duckRows.clear();
                  duckRows.addAll(duck.query(q.duckSql()));
                  return duckRows.size();
                });
        double ratio = ours.wall() / theirs.wall();
        ratios.add(ratio);
        out.printf(
            Locale.ROOT,
            "%-12s %10.1f %10.3f %10.3f %7.2f %6d  %s%n",
            q.name(),
            planMs,
            ours.wall(),
            theirs.wall(),
            ratio,
            last[0].rows().size(),
            Results.sameRows(last[0].rows(), duckRows) ? "yes" : "NO");
        if (System.getenv("BENCH_PLAN") != null) {
          out.println(last[0].plan());
        }
        if (System.getenv("BENCH_CPU") != null) {
          out.printf(Locale.ROOT, "   cpu: ours %.3f duck %.3f%n", ours.cpu(), theirs.cpu());
        }
        out.flush();
      }
    }
    double geo = Math.exp(ratios.stream().mapToDouble(Math::log).average().orElse(0));
    double worst = ratios.stream().mapToDouble(d -> d).max().orElse(0);
    out.printf(
        Locale.ROOT,
        "geometric mean ratio %.2f, worst %.2f (ours / DuckDB; < 1: we are faster)%n",
        geo,
        worst);
  }
}
