package io.cleanroom.bench;

import io.cleanroom.query.plan.PlanNormalizer;
import io.cleanroom.query.plan.SqlFrontEnd;
import io.cleanroom.query.schema.ContractTable;
import io.cleanroom.query.schema.QuerySchema;
import io.cleanroom.testing.ArrowTables;
import io.cleanroom.testing.TpchData;
import io.cleanroom.testing.TpchQueries;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom bench tpch}: the TPC-H queries the engine supports, on data from {@code
 * io.trino.tpch}, against DuckDB on the same Arrow batches in the same run.
 */
@Command(
    name = "tpch",
    mixinStandardHelpOptions = true,
    description = "TPC-H queries: the engine vs DuckDB on the same Arrow data, in one run.")
public final class TpchBenchmark implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--scale", defaultValue = "1", description = "Scale factor (default: 1).")
  double scale;

  @Mixin EngineRunOptions options;

  @Option(names = "--query", description = "Only these queries, e.g. Q1,Q6.", split = ",")
  List<String> only;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (BufferAllocator allocator = new RootAllocator();
        ArrowTables tables = TpchData.generate(scale, 65_536, allocator)) {
      out.printf(
          Locale.ROOT,
          "TPC-H scale %s: lineitem %,d rows, %.1f MB of Arrow buffers; median of %d runs%n",
          scale,
          tables.rowCount("lineitem"),
          tables.bytes() / 1e6,
          options.runs);
      QuerySchema schema = schema(tables);
      List<EngineVsDuckDb.Query> queries = new ArrayList<>();
      for (TpchQueries.Query q : TpchQueries.all()) {
        if (only == null || only.contains(q.name())) {
          queries.add(
              new EngineVsDuckDb.Query(
                  q.name(),
                  () ->
                      PlanNormalizer.normalize(
                          new SqlFrontEnd(schema).toRel(SqlFrontEnd.parse(q.sql()).node()).root()),
                  q.sql()));
        }
      }
      options.run(tables, allocator, queries, out);
    }
    return 0;
  }

  static QuerySchema schema(ArrowTables tables) {
    Map<String, ContractTable> t = new LinkedHashMap<>();
    tables
        .schemas()
        .forEach((n, s) -> t.put(n, new ContractTable(n, s, Math.max(1, tables.rowCount(n)))));
    return QuerySchema.of(t);
  }
}
