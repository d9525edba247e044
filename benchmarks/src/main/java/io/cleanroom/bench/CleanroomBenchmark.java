package io.cleanroom.bench;

import io.cleanroom.cli.example.ExampleFiles;
import io.cleanroom.cli.example.HospitalBankData;
import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.testing.ArrowTables;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.calcite.rel.RelNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom bench cleanroom}: the example collaboration's queries on synthetic visits and
 * accounts (10M visits of 1M patients by default), checked against the contract, with their output
 * threshold, against DuckDB running the same query with the threshold as {@code HAVING
 * COUNT(DISTINCT person_id) >= 10} on the same Arrow data in the same run.
 */
@Command(
    name = "cleanroom",
    mixinStandardHelpOptions = true,
    description = "Clean-room queries (GROUP BY, COUNT DISTINCT, join): engine vs DuckDB.")
public final class CleanroomBenchmark implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "10000000",
      description = "Visits; patients are one in ten (default: ${DEFAULT-VALUE}).")
  long rows;

  @Mixin EngineRunOptions options;

  static final List<String[]> QUERIES =
      List.of(
          new String[] {
            "group-by",
            "select diagnosis, count(*) as n, sum(cost) as total from visits group by diagnosis",
            "select diagnosis, count(*) as n, sum(cost) as total from visits group by diagnosis"
                + " having count(distinct person_id) >= 10"
          },
          new String[] {
            "group-by-2",
            "select zip3, diagnosis, count(*) as n, avg(cost) as avg_cost from visits"
                + " group by zip3, diagnosis",
            "select zip3, diagnosis, count(*) as n, avg(cost) as avg_cost from visits"
                + " group by zip3, diagnosis having count(distinct person_id) >= 10"
          },
          new String[] {
            "filter-age",
            "select age, count(*) as n from visits where visit_date >= date '2025-01-01'"
                + " and diagnosis in ('flu', 'asthma') group by age",
            "select age, count(*) as n from visits where visit_date >= date '2025-01-01'"
                + " and diagnosis in ('flu', 'asthma') group by age"
                + " having count(distinct person_id) >= 10"
          },
          new String[] {
            "join",
            "select a.income_band, count(*) as n, avg(v.cost) as avg_cost from visits v"
                + " join accounts a on v.person_id = a.person_id group by a.income_band",
            "select a.income_band, count(*) as n, avg(v.cost) as avg_cost from visits v"
                + " join accounts a on v.person_id = a.person_id group by a.income_band"
                + " having count(distinct v.person_id) >= 10"
          },
          new String[] {
            "join-2",
            "select a.region, v.diagnosis, sum(v.cost) as total, avg(a.balance) as avg_balance"
                + " from visits v join accounts a on v.person_id = a.person_id"
                + " group by a.region, v.diagnosis",
            "select a.region, v.diagnosis, sum(v.cost) as total, avg(a.balance) as avg_balance"
                + " from visits v join accounts a on v.person_id = a.person_id"
                + " group by a.region, v.diagnosis having count(distinct v.person_id) >= 10"
          });

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Contract contract = ContractParser.read(ExampleFiles.contract());
    try (BufferAllocator allocator = new RootAllocator();
        ArrowTables tables = generate(contract, allocator)) {
      out.printf(
          Locale.ROOT,
          "clean room: visits %,d rows, accounts %,d rows, %.1f MB of Arrow buffers; median of %d"
              + " runs; threshold 10 distinct persons per group on both sides%n",
          tables.rowCount("visits"),
          tables.rowCount("accounts"),
          tables.bytes() / 1e6,
          options.runs);
      QueryChecker checker =
          new QueryChecker(
              contract,
              Map.of("visits", tables.rowCount("visits"), "accounts", tables.rowCount("accounts")));
      List<EngineVsDuckDb.Query> queries =
          QUERIES.stream()
              .map(q -> new EngineVsDuckDb.Query(q[0], () -> checked(checker, q[1]), q[2]))
              .toList();
      options.run(tables, allocator, queries, out);
    }
    return 0;
  }

  private static RelNode checked(QueryChecker checker, String sql) {
    CheckedQuery c = checker.check(sql);
    if (c.plan().isEmpty()) {
      throw new IllegalStateException("the contract refuses " + sql + ": " + c.report());
    }
    return c.plan().get();
  }

  private ArrowTables generate(Contract contract, BufferAllocator allocator) {
    HospitalBankData data = new HospitalBankData(rows, 42, 65_536);
    ArrowTables tables = new ArrowTables();
    data.visits(
        contract.dataset("visits").orElseThrow().schema(),
        allocator,
        b -> tables.addCopy("visits", b, allocator));
    data.accounts(
        contract.dataset("accounts").orElseThrow().schema(),
        allocator,
        b -> tables.addCopy("accounts", b, allocator));
    return tables;
  }
}
