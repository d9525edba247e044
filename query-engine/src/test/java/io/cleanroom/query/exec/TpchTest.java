package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import io.cleanroom.query.plan.PlanNormalizer;
import io.cleanroom.query.plan.SqlFrontEnd;
import io.cleanroom.query.schema.ContractTable;
import io.cleanroom.query.schema.QuerySchema;
import io.cleanroom.testing.ArrowTables;
import io.cleanroom.testing.DuckDbPeer;
import io.cleanroom.testing.TpchData;
import io.cleanroom.testing.TpchQueries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TPC-H at scale 0.1 from {@code io.trino.tpch} (money as DECIMAL(12,2), comments left out): raw
 * plans without a contract run on the executor and compared with DuckDB holding the same batches.
 */
class TpchTest {

  private static final double SCALE = 0.1;

  private static BufferAllocator root;
  private static ArrowTables tables;
  private static DuckDbPeer duck;
  private static QuerySchema schema;

  @BeforeAll
  static void load() {
    root = new RootAllocator();
    tables = TpchData.generate(SCALE, 16_384, root);
    duck = new DuckDbPeer(2);
    duck.load(tables, root);
    Map<String, ContractTable> t = new LinkedHashMap<>();
    tables
        .schemas()
        .forEach((n, s) -> t.put(n, new ContractTable(n, s, Math.max(1, tables.rowCount(n)))));
    schema = QuerySchema.of(t);
  }

  @AfterAll
  static void close() {
    duck.close();
    tables.close();
    root.close();
  }

  static List<TpchQueries.Query> queries() {
    return TpchQueries.all();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("queries")
  void matchesDuckDb(TpchQueries.Query q) {
    String sql = q.sql();
    List<List<Object>> expected = duck.query(sql);
    try (BufferAllocator a = root.newChildAllocator("tpch", 0, Long.MAX_VALUE)) {
      QueryResult r = run(a, sql);
      DuckDbOracle.assertSameRows(
          r.rows(), expected, sql.contains("order by"), sql + "\nplan:\n" + r.plan());
      org.assertj.core.api.Assertions.assertThat(r.rows()).as("rows to compare").isNotEmpty();
    }
  }

  @org.junit.jupiter.api.Test
  void q4HashesTheQuartersOrdersRatherThanLineitem() {
    String sql =
        TpchQueries.all().stream()
            .filter(q -> q.name().equals("Q4"))
            .findFirst()
            .orElseThrow()
            .sql();
    try (BufferAllocator a = root.newChildAllocator("tpch", 0, Long.MAX_VALUE)) {
      org.assertj.core.api.Assertions.assertThat(run(a, sql).plan())
          .contains("ArrowHashJoin(type=semi, build=left");
    }
  }

  private static QueryResult run(BufferAllocator a, String sql) {
    RelNode plan =
        PlanNormalizer.normalize(
            new SqlFrontEnd(schema).toRel(SqlFrontEnd.parse(sql).node()).root());
    try {
      return new QueryExecutor(a, ExecutionLimits.defaults())
          .execute(plan, new InMemoryDatasetSource(tables.batches()));
    } catch (QueryException e) {
      throw new AssertionError(sql + "\n" + e.code() + ": " + e.getMessage(), e);
    }
  }
}
