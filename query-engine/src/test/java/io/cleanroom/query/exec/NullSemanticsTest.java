package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SQL null semantics on nullable columns, against DuckDB: three-valued logic in filters, nulls
 * ignored by aggregates, COUNT(*) versus COUNT(x), null group keys forming one group, null join
 * keys never matching, outer joins, CASE, IS [NOT] NULL, ordering of nulls.
 */
class NullSemanticsTest {

  @TempDir static Path dir;
  private static BufferAllocator root;
  private static RawTables tables;
  private static Connection duck;

  @BeforeAll
  static void load() throws Exception {
    root = new RootAllocator();
    tables = new RawTables(root, 1000);
    Random r = new Random(7);
    Schema t =
        new Schema(
            List.of(
                field("k", new ArrowType.Int(64, true)),
                field("g", ArrowType.Utf8.INSTANCE),
                field("x", new ArrowType.Int(32, true)),
                field("d", new ArrowType.Decimal(10, 2, 128)),
                field("f", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                field("dt", new ArrowType.Date(DateUnit.DAY))));
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      rows.add(
          new Object[] {
            maybe(r, (long) r.nextInt(300)),
            maybe(r, "g" + r.nextInt(6)),
            maybe(r, r.nextInt(100) - 20),
            maybe(r, BigDecimal.valueOf(r.nextInt(100000) - 5000, 2)),
            maybe(r, r.nextDouble() * 10),
            maybe(r, LocalDate.of(2024, 1, 1).plusDays(r.nextInt(90)))
          });
    }
    tables.add("t", t, rows);
    Schema u =
        new Schema(
            List.of(
                field("k", new ArrowType.Int(64, true)), field("label", ArrowType.Utf8.INSTANCE)));
    List<Object[]> urows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      urows.add(new Object[] {maybe(r, (long) r.nextInt(350)), maybe(r, "l" + r.nextInt(4))});
    }
    tables.add("u", u, urows);
    duck = DriverManager.getConnection("jdbc:duckdb:");
    tables.loadInto(duck, dir);
  }

  private static Field field(String name, ArrowType type) {
    return new Field(name, new FieldType(true, type, null), null);
  }

  private static Object maybe(Random r, Object v) {
    return r.nextInt(8) == 0 ? null : v;
  }

  @AfterAll
  static void close() throws Exception {
    duck.close();
    tables.close();
    root.close();
  }

  static Stream<String> queries() {
    return Stream.of(
        "select g, count(*), count(x), count(distinct x), sum(x), avg(x), min(x), max(x) from t group by g",
        "select g, sum(d), avg(d), min(d), max(d), sum(f), avg(f), min(g), max(g) from t group by g",
        "select count(*) from t where x > 10 or d < 0",
        "select count(*) from t where not (x > 10 and d < 0)",
        "select count(*) from t where x is null or g is not null",
        "select count(*) from t where x in (1, 2, 3, 50) or g not in ('g1', 'g2')",
        "select count(*) from t where x between 5 and 60 and dt >= date '2024-02-01'",
        "select count(*) from t where d >= 12.5 and d < 400 and x <> 7 and k = k",
        "select count(*), sum(d) from t where 10 < x and dt <> date '2024-01-05' and d > 1.005",
        "select g, x is null as xn, count(*) from t group by g, x is null",
        "select case when x > 50 then 'big' when x > 0 then 'small' end as c, count(*) from t group by case when x > 50 then 'big' when x > 0 then 'small' end",
        "select t.g, u.label, count(*) from t join u on t.k = u.k group by t.g, u.label",
        "select t.g, count(u.label), count(*) from t left join u on t.k = u.k group by t.g",
        "select u.label, count(t.x) from u left join t on t.k = u.k and t.x > 30 group by u.label",
        "select count(*) from t where k in (select k from u where label = 'l1')",
        "select count(*) from t where k not in (select k from u where label = 'l1')",
        "select count(*) from t where exists (select 1 from u where u.k = t.k)",
        "select count(*) from t where not exists (select 1 from u where u.k = t.k and u.label is null)",
        "select label, count(*) from u where exists (select 1 from t where t.k = u.k and t.x > 0) group by label",
        "select count(*), count(k) from u where exists (select 1 from t where t.k = u.k and t.g = 'g1')",
        "select g, x + d, x * 2, d * f from t where k < 5 order by k, g, x, d, f nulls first limit 50",
        "select dt, count(*) from t group by dt order by dt desc nulls last limit 10",
        "select extract(month from dt) as m, sum(d) from t group by extract(month from dt)",
        "select coalesce(g, 'none') as g, nullif(x, 0) as nx, count(*) from t group by coalesce(g, 'none'), nullif(x, 0)",
        "select g, count(*) from t group by g having count(x) > 100",
        "select g from t where x > 90 union select label from u",
        "select k from t where x = 1 union all select k from u where label = 'l2'",
        "select g, row_number() over (partition by g order by x nulls last, k) as rn from t where k < 20 and x is not null and k is not null");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("queries")
  void matchesDuckDb(String sql) throws Exception {
    List<List<Object>> expected = DuckDbOracle.query(duck, sql);
    try (BufferAllocator a = root.newChildAllocator("nulls", 0, Long.MAX_VALUE)) {
      QueryResult r;
      try {
        r =
            new QueryExecutor(a, ExecutionLimits.defaults())
                .execute(tables.plan(sql), tables.source());
      } catch (QueryException e) {
        throw new AssertionError(sql + "\n" + e.code() + ": " + e.getMessage(), e);
      }
      DuckDbOracle.assertSameRows(
          r.rows(), expected, sql.contains("order by k"), sql + "\nplan:\n" + r.plan());
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] {0}")
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "select count(*) from t full join u on t.k = u.k",
        "select g, count(*) from t group by rollup(g)",
        "select g, sum(distinct x) from t group by g",
        "select g, count(*) over (order by x rows between 2 preceding and current row) from t"
      })
  void refusesWhatItCannotRunWithUnsupported(String sql) {
    try (BufferAllocator a = root.newChildAllocator("unsupported", 0, Long.MAX_VALUE)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  new QueryExecutor(a, ExecutionLimits.defaults())
                      .execute(tables.plan(sql), tables.source()))
          .isInstanceOfSatisfying(
              QueryException.class,
              e ->
                  org.assertj.core.api.Assertions.assertThat(e.code())
                      .isEqualTo(QueryException.Code.UNSUPPORTED));
    }
  }
}
