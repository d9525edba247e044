package io.cleanroom.bench;

import io.cleanroom.testing.ArrowTables;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import picocli.CommandLine.Option;

/** The options every engine-vs-DuckDB benchmark shares, and the run over each thread count. */
final class EngineRunOptions {

  @Option(
      names = "--threads",
      split = ",",
      defaultValue = "1,2",
      description = "Thread counts to run with (default: 1,2).")
  List<Integer> threads;

  @Option(names = "--runs", defaultValue = "5", description = "Timed runs (median shown).")
  int runs;

  @Option(
      names = "--queries",
      split = ",",
      description = "Only the queries with these names (default: all).")
  List<String> only;

  /** Runs {@code queries} once per thread count, then prints the load average. */
  void run(
      ArrowTables tables,
      BufferAllocator allocator,
      List<EngineVsDuckDb.Query> queries,
      PrintWriter out)
      throws Exception {
    EngineVsDuckDb bench = new EngineVsDuckDb(tables, allocator, 1, runs);
    List<EngineVsDuckDb.Query> chosen =
        only == null ? queries : queries.stream().filter(q -> only.contains(q.name())).toList();
    for (int t : threads) {
      bench.run(chosen, t, out);
    }
    out.printf(Locale.ROOT, "load average at the end: %.2f%n", Load.average());
  }
}
