package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TPC-H at scale 0.01 from {@code io.trino.tpch} (money as DECIMAL(12,2), comments left out): raw
 * plans without a contract run on the executor and compared with DuckDB on the same rows.
 */
class TpchTest {

  private static final double SCALE = 0.01;

  @TempDir static Path dir;
  private static BufferAllocator root;
  private static RawTables tables;
  private static Connection duck;

  @BeforeAll
  static void load() throws Exception {
    root = new RootAllocator();
    tables = new RawTables(root, 16_384);
    for (TpchTable<?> t : TpchTable.getTables()) {
      add(t);
    }
    duck = DriverManager.getConnection("jdbc:duckdb:");
    tables.loadInto(duck, dir);
  }

  private static <E extends TpchEntity> void add(TpchTable<E> t) {
    List<TpchColumn<E>> cols =
        t.getColumns().stream().filter(c -> !c.getColumnName().endsWith("comment")).toList();
    List<Field> fields = new ArrayList<>();
    for (TpchColumn<E> c : cols) {
      ArrowType type =
          switch (c.getType().getBase()) {
            case IDENTIFIER -> new ArrowType.Int(64, true);
            case INTEGER -> new ArrowType.Int(32, true);
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case DOUBLE -> new ArrowType.Decimal(12, 2, 128);
            case VARCHAR -> ArrowType.Utf8.INSTANCE;
          };
      fields.add(new Field(c.getColumnName(), new FieldType(false, type, null), null));
    }
    List<Object[]> rows = new ArrayList<>();
    for (E e : t.createGenerator(SCALE, 1, 1)) {
      Object[] row = new Object[cols.size()];
      for (int i = 0; i < row.length; i++) {
        TpchColumn<E> c = cols.get(i);
        row[i] =
            switch (c.getType().getBase()) {
              case IDENTIFIER -> c.getIdentifier(e);
              case INTEGER -> c.getInteger(e);
              case DATE -> LocalDate.ofEpochDay(c.getDate(e));
              case DOUBLE -> BigDecimal.valueOf(c.getDouble(e));
              case VARCHAR -> c.getString(e);
            };
      }
      rows.add(row);
    }
    tables.add(t.getTableName(), new Schema(fields), rows);
  }

  @AfterAll
  static void close() throws Exception {
    duck.close();
    tables.close();
    root.close();
  }

  static Stream<String> queries() {
    return Stream.of(
        // Q1
        "select l_returnflag, l_linestatus, sum(l_quantity) as sum_qty, sum(l_extendedprice) as"
            + " sum_base_price, sum(l_extendedprice * (1 - l_discount)) as sum_disc_price,"
            + " sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge,"
            + " avg(l_quantity) as avg_qty, avg(l_extendedprice) as avg_price, avg(l_discount) as"
            + " avg_disc, count(*) as count_order from lineitem where l_shipdate <= date"
            + " '1998-12-01' - interval '90' day group by l_returnflag, l_linestatus order by"
            + " l_returnflag, l_linestatus",
        // Q3
        "select l_orderkey, sum(l_extendedprice * (1 - l_discount)) as revenue, o_orderdate,"
            + " o_shippriority from customer, orders, lineitem where c_mktsegment = 'BUILDING' and"
            + " c_custkey = o_custkey and l_orderkey = o_orderkey and o_orderdate < date"
            + " '1995-03-15' and l_shipdate > date '1995-03-15' group by l_orderkey, o_orderdate,"
            + " o_shippriority order by revenue desc, o_orderdate, l_orderkey limit 10",
        // Q4
        "select o_orderpriority, count(*) as order_count from orders where o_orderdate >= date"
            + " '1993-07-01' and o_orderdate < date '1993-07-01' + interval '3' month and exists"
            + " (select * from lineitem where l_orderkey = o_orderkey and l_commitdate <"
            + " l_receiptdate) group by o_orderpriority order by o_orderpriority",
        // Q5
        "select n_name, sum(l_extendedprice * (1 - l_discount)) as revenue from customer, orders,"
            + " lineitem, supplier, nation, region where c_custkey = o_custkey and l_orderkey ="
            + " o_orderkey and l_suppkey = s_suppkey and c_nationkey = s_nationkey and s_nationkey"
            + " = n_nationkey and n_regionkey = r_regionkey and r_name = 'ASIA' and o_orderdate >="
            + " date '1994-01-01' and o_orderdate < date '1994-01-01' + interval '1' year group by"
            + " n_name order by revenue desc",
        // Q6
        "select sum(l_extendedprice * l_discount) as revenue from lineitem where l_shipdate >="
            + " date '1994-01-01' and l_shipdate < date '1994-01-01' + interval '1' year and"
            + " l_discount between 0.06 - 0.01 and 0.06 + 0.01 and l_quantity < 24",
        // Q10
        "select c_custkey, c_name, sum(l_extendedprice * (1 - l_discount)) as revenue, c_acctbal,"
            + " n_name, c_address, c_phone from customer, orders, lineitem, nation where c_custkey"
            + " = o_custkey and l_orderkey = o_orderkey and o_orderdate >= date '1993-10-01' and"
            + " o_orderdate < date '1993-10-01' + interval '3' month and l_returnflag = 'R' and"
            + " c_nationkey = n_nationkey group by c_custkey, c_name, c_acctbal, c_phone, n_name,"
            + " c_address order by revenue desc, c_custkey limit 20",
        // Q12
        "select l_shipmode, sum(case when o_orderpriority = '1-URGENT' or o_orderpriority ="
            + " '2-HIGH' then 1 else 0 end) as high_line_count, sum(case when o_orderpriority <>"
            + " '1-URGENT' and o_orderpriority <> '2-HIGH' then 1 else 0 end) as low_line_count"
            + " from orders, lineitem where o_orderkey = l_orderkey and l_shipmode in ('MAIL',"
            + " 'SHIP') and l_commitdate < l_receiptdate and l_shipdate < l_commitdate and"
            + " l_receiptdate >= date '1994-01-01' and l_receiptdate < date '1994-01-01' +"
            + " interval '1' year group by l_shipmode order by l_shipmode",
        // Q14
        "select 100.00 * sum(case when p_type like 'PROMO%' then l_extendedprice * (1 -"
            + " l_discount) else 0 end) / sum(l_extendedprice * (1 - l_discount)) as"
            + " promo_revenue from lineitem, part where l_partkey = p_partkey and l_shipdate >="
            + " date '1995-09-01' and l_shipdate < date '1995-09-01' + interval '1' month",
        // Q18-like: IN with an aggregated sub-query, HAVING
        "select c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice, sum(l_quantity) from"
            + " customer, orders, lineitem where o_orderkey in (select l_orderkey from lineitem"
            + " group by l_orderkey having sum(l_quantity) > 250) and c_custkey = o_custkey and"
            + " o_orderkey = l_orderkey group by c_name, c_custkey, o_orderkey, o_orderdate,"
            + " o_totalprice order by o_totalprice desc, o_orderdate, o_orderkey limit 100");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("queries")
  void matchesDuckDb(String sql) throws Exception {
    RelNode plan = tables.plan(sql);
    List<List<Object>> expected = DuckDbOracle.query(duck, sql);
    try (BufferAllocator a = root.newChildAllocator("tpch", 0, Long.MAX_VALUE)) {
      QueryResult r;
      try {
        r = new QueryExecutor(a, ExecutionLimits.defaults()).execute(plan, tables.source());
      } catch (QueryException e) {
        throw new AssertionError(sql + "\n" + e.code() + ": " + e.getMessage(), e);
      }
      DuckDbOracle.assertSameRows(
          r.rows(), expected, sql.contains("order by"), sql + "\nplan:\n" + r.plan());
      org.assertj.core.api.Assertions.assertThat(r.rows()).as("rows to compare").isNotEmpty();
    }
  }
}
