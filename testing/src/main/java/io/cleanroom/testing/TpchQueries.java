package io.cleanroom.testing;

import java.util.List;

/**
 * TPC-H queries in the SQL the engine's front end accepts: the benchmark's queries and the oracle
 * tests' (comment columns are not generated, so queries that need them are not here).
 */
public final class TpchQueries {

  private TpchQueries() {}

  /**
   * One named query.
   *
   * @param name the TPC-H query number, e.g. {@code Q1}
   * @param sql the text
   */
  public record Query(String name, String sql) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The queries, in TPC-H order. */
  public static List<Query> all() {
    return List.of(
        new Query(
            "Q1",
            "select l_returnflag, l_linestatus, sum(l_quantity) as sum_qty, sum(l_extendedprice) as"
                + " sum_base_price, sum(l_extendedprice * (1 - l_discount)) as sum_disc_price,"
                + " sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge,"
                + " avg(l_quantity) as avg_qty, avg(l_extendedprice) as avg_price, avg(l_discount) as"
                + " avg_disc, count(*) as count_order from lineitem where l_shipdate <= date"
                + " '1998-12-01' - interval '90' day group by l_returnflag, l_linestatus order by"
                + " l_returnflag, l_linestatus"),
        new Query(
            "Q3",
            "select l_orderkey, sum(l_extendedprice * (1 - l_discount)) as revenue, o_orderdate,"
                + " o_shippriority from customer, orders, lineitem where c_mktsegment = 'BUILDING' and"
                + " c_custkey = o_custkey and l_orderkey = o_orderkey and o_orderdate < date"
                + " '1995-03-15' and l_shipdate > date '1995-03-15' group by l_orderkey, o_orderdate,"
                + " o_shippriority order by revenue desc, o_orderdate, l_orderkey limit 10"),
        new Query(
            "Q4",
            "select o_orderpriority, count(*) as order_count from orders where o_orderdate >= date"
                + " '1993-07-01' and o_orderdate < date '1993-07-01' + interval '3' month and exists"
                + " (select * from lineitem where l_orderkey = o_orderkey and l_commitdate <"
                + " l_receiptdate) group by o_orderpriority order by o_orderpriority"),
        new Query(
            "Q5",
            "select n_name, sum(l_extendedprice * (1 - l_discount)) as revenue from customer, orders,"
                + " lineitem, supplier, nation, region where c_custkey = o_custkey and l_orderkey ="
                + " o_orderkey and l_suppkey = s_suppkey and c_nationkey = s_nationkey and s_nationkey"
                + " = n_nationkey and n_regionkey = r_regionkey and r_name = 'ASIA' and o_orderdate >="
                + " date '1994-01-01' and o_orderdate < date '1994-01-01' + interval '1' year group by"
                + " n_name order by revenue desc"),
        new Query(
            "Q6",
            "select sum(l_extendedprice * l_discount) as revenue from lineitem where l_shipdate >="
                + " date '1994-01-01' and l_shipdate < date '1994-01-01' + interval '1' year and"
                + " l_discount between 0.06 - 0.01 and 0.06 + 0.01 and l_quantity < 24"),
        new Query(
            "Q10",
            "select c_custkey, c_name, sum(l_extendedprice * (1 - l_discount)) as revenue, c_acctbal,"
                + " n_name, c_address, c_phone from customer, orders, lineitem, nation where c_custkey"
                + " = o_custkey and l_orderkey = o_orderkey and o_orderdate >= date '1993-10-01' and"
                + " o_orderdate < date '1993-10-01' + interval '3' month and l_returnflag = 'R' and"
                + " c_nationkey = n_nationkey group by c_custkey, c_name, c_acctbal, c_phone, n_name,"
                + " c_address order by revenue desc, c_custkey limit 20"),
        new Query(
            "Q12",
            "select l_shipmode, sum(case when o_orderpriority = '1-URGENT' or o_orderpriority ="
                + " '2-HIGH' then 1 else 0 end) as high_line_count, sum(case when o_orderpriority <>"
                + " '1-URGENT' and o_orderpriority <> '2-HIGH' then 1 else 0 end) as low_line_count"
                + " from orders, lineitem where o_orderkey = l_orderkey and l_shipmode in ('MAIL',"
                + " 'SHIP') and l_commitdate < l_receiptdate and l_shipdate < l_commitdate and"
                + " l_receiptdate >= date '1994-01-01' and l_receiptdate < date '1994-01-01' +"
                + " interval '1' year group by l_shipmode order by l_shipmode"),
        new Query(
            "Q14",
            "select 100.00 * sum(case when p_type like 'PROMO%' then l_extendedprice * (1 -"
                + " l_discount) else 0 end) / sum(l_extendedprice * (1 - l_discount)) as"
                + " promo_revenue from lineitem, part where l_partkey = p_partkey and l_shipdate >="
                + " date '1995-09-01' and l_shipdate < date '1995-09-01' + interval '1' month"),
        new Query(
            "Q18-like",
            "select c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice, sum(l_quantity) from"
                + " customer, orders, lineitem where o_orderkey in (select l_orderkey from lineitem"
                + " group by l_orderkey having sum(l_quantity) > 250) and c_custkey = o_custkey and"
                + " o_orderkey = l_orderkey group by c_name, c_custkey, o_orderkey, o_orderdate,"
                + " o_totalprice order by o_totalprice desc, o_orderdate, o_orderkey limit 100"));
  }
}
