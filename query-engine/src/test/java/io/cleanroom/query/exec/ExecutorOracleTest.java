package io.cleanroom.query.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.Fixtures;
import io.cleanroom.query.LegitimateQueries;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.contract.Contract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs checked queries of the example contract on 200k visits and 20k accounts and compares the
 * results, and the number of suppressed groups, with DuckDB applying the same threshold.
 */
class ExecutorOracleTest {

  private static final Contract CONTRACT = Fixtures.hospitalBank();
  private static final QueryChecker CHECKER =
      new QueryChecker(CONTRACT, Map.of("visits", 200_000L, "accounts", 20_000L));

  private static final ExecutionLimits TWO_WORKERS =
      new ExecutionLimits(512L << 20, java.time.Duration.ofMinutes(1), 2);
  private static final ExecutionLimits ONE_WORKER =
      new ExecutionLimits(512L << 20, java.time.Duration.ofMinutes(1), 1);

  @TempDir static Path dir;
  private static BufferAllocator root;
  private static HospitalBankData data;
  private static Connection duck;

  @BeforeAll
  static void load() throws Exception {
    root = new RootAllocator();
    data = HospitalBankData.of(root, CONTRACT, 200_000, 20_000, 50_000);
    duck = DriverManager.getConnection("jdbc:duckdb:");
    data.loadInto(duck, dir);
  }

  @AfterAll
  static void close() throws Exception {
    duck.close();
    data.close();
    root.close();
  }

  static Stream<String> queries() {
    return Stream.concat(
        LegitimateQueries.queries(),
        Stream.of(
            "SELECT diagnosis, COUNT(DISTINCT person_id), COUNT(*) FROM visits WHERE visit_date >= DATE '2023-03-15' OR age = 7 GROUP BY diagnosis",
            "SELECT zip3, diagnosis, COUNT(*) FROM visits WHERE age BETWEEN 20 AND 40 AND diagnosis <> 'DA0-x' GROUP BY zip3, diagnosis",
            "SELECT EXTRACT(MONTH FROM visit_date) AS m, SUM(cost) FROM visits WHERE visit_date < DATE '2023-06-01' GROUP BY EXTRACT(MONTH FROM visit_date)",
            "SELECT a.region, COUNT(DISTINCT v.person_id) FROM visits v JOIN accounts a ON v.person_id = a.person_id WHERE v.age > 40 AND a.income_band LIKE '%middle' GROUP BY a.region",
            "SELECT CASE WHEN age > 60 THEN 'old' ELSE 'young' END AS c, COUNT(*), AVG(cost) FROM visits WHERE NOT (zip3 IN ('021', '022') OR age < 10) GROUP BY CASE WHEN age > 60 THEN 'old' ELSE 'young' END",
            "SELECT a.region, COUNT(*) FROM accounts a WHERE a.person_id IN (SELECT person_id FROM visits WHERE diagnosis = 'DB0') GROUP BY a.region",
            "SELECT SUBSTRING(zip3 FROM 1 FOR 2) AS z, COUNT(*), SUM(cost) FROM visits WHERE diagnosis LIKE 'D_0%' GROUP BY SUBSTRING(zip3 FROM 1 FOR 2)",
            "SELECT EXTRACT(YEAR FROM visit_date) AS y, EXTRACT(QUARTER FROM visit_date) AS q, COUNT(*) FROM visits WHERE visit_date + INTERVAL '30' DAY < DATE '2024-03-01' GROUP BY EXTRACT(YEAR FROM visit_date), EXTRACT(QUARTER FROM visit_date)",
            "SELECT a.income_band, SUM(v.cost) FROM accounts a LEFT JOIN visits v ON v.person_id = a.person_id AND v.age > 50 GROUP BY a.income_band",
            "SELECT zip3, COUNT(*) AS c FROM visits GROUP BY zip3 ORDER BY c DESC, zip3 LIMIT 5"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("queries")
  void matchesDuckDbWithTheSameThreshold(String sql) throws Exception {
    CheckedQuery q = CHECKER.check(sql);
    assertThat(q.report().refusals()).as(sql).isEmpty();
    RelNode plan = q.plan().orElseThrow();
    String duckSql = DuckDbOracle.sql(DuckDbOracle.withThresholdAsFilter(plan, false));
    RelNode suppressed = DuckDbOracle.withThresholdAsFilter(plan, true);
    long expectedSuppressed =
        suppressed == null
            ? 0
            : ((Number) DuckDbOracle.query(duck, DuckDbOracle.sql(suppressed)).get(0).get(0))
                .longValue();
    List<List<Object>> expected = DuckDbOracle.query(duck, duckSql);
    try (BufferAllocator a = root.newChildAllocator("test", 0, Long.MAX_VALUE)) {
      QueryResult r = new QueryExecutor(a, TWO_WORKERS).execute(q, data.source());
      QueryResult single = new QueryExecutor(a, ONE_WORKER).execute(q, data.source());
      DuckDbOracle.assertSameRows(single.rows(), r.rows(), false, "one worker, two workers");
      assertThat(single.suppressedGroups()).isEqualTo(r.suppressedGroups());
      boolean ordered = plan instanceof org.apache.calcite.rel.core.Sort;
      DuckDbOracle.assertSameRows(
          r.rows(), expected, ordered, sql + "\nduckdb: " + duckSql + "\nplan:\n" + r.plan());
      assertThat(r.suppressedGroups()).as("suppressed groups").isEqualTo(expectedSuppressed);
      assertThat(r.rows().size() + r.suppressedGroups()).as("something to compare").isPositive();
    }
  }

  @Test
  void someGroupsAreSuppressedAndSomeReleased() {
    CheckedQuery q = CHECKER.check("SELECT diagnosis, COUNT(*) FROM visits GROUP BY diagnosis");
    try (BufferAllocator a = root.newChildAllocator("test", 0, Long.MAX_VALUE)) {
      QueryResult r = new QueryExecutor(a, ExecutionLimits.defaults()).execute(q, data.source());
      assertThat(r.suppressedGroups()).isPositive();
      assertThat(r.rows()).hasSizeGreaterThan(5);
    }
  }
}
