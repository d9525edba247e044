package io.cleanroom.query.check;

import static io.cleanroom.query.check.RefusalCode.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.Fixtures;
import io.cleanroom.query.QueryChecker;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attack queries that try to reveal row-level data through approved columns of the example
 * contract; each must be refused, for the stated reason.
 */
class RefusalSuiteTest {

  private static final QueryChecker CHECKER = new QueryChecker(Fixtures.hospitalBank());

  static Stream<Arguments> attacks() {
    return Stream.of(
        // Grouping by, filtering on or outputting the identity / join column.
        a("SELECT person_id, COUNT(*) FROM visits GROUP BY person_id", GROUP_KEY_NOT_DIMENSION),
        a("SELECT person_id FROM visits", NOT_AGGREGATED),
        a("SELECT * FROM visits", NOT_AGGREGATED),
        a(
            "SELECT person_id + 0 AS p, COUNT(*) FROM visits GROUP BY person_id + 0",
            GROUP_KEY_NOT_DIMENSION),
        a(
            "SELECT MOD(person_id, 1000) AS b, COUNT(*) FROM visits GROUP BY MOD(person_id, 1000)",
            GROUP_KEY_NOT_DIMENSION),
        a(
            "SELECT a.region, v.person_id, COUNT(*) FROM visits v JOIN accounts a"
                + " ON v.person_id = a.person_id GROUP BY a.region, v.person_id",
            GROUP_KEY_NOT_DIMENSION),
        a(
            "SELECT diagnosis, COUNT(*) FROM visits WHERE person_id = 12345 GROUP BY diagnosis",
            FILTER_NOT_DIMENSION),
        a(
            "SELECT diagnosis, COUNT(*) FROM visits WHERE person_id BETWEEN 100 AND 101"
                + " GROUP BY diagnosis",
            FILTER_NOT_DIMENSION),
        a(
            "WITH x AS (SELECT diagnosis, person_id FROM visits) SELECT diagnosis, COUNT(*) FROM x"
                + " WHERE person_id IN (1, 2, 3) GROUP BY diagnosis",
            FILTER_NOT_DIMENSION),
        // Groups smaller than the threshold are suppressed at run time; statically, aggregates
        // of sensitive columns used as keys or filters are refused.
        a("SELECT COUNT(*) FROM visits WHERE cost > 100000", FILTER_NOT_DIMENSION),
        a("SELECT COUNT(*) FROM accounts WHERE balance > 1000000", FILTER_NOT_DIMENSION),
        a("SELECT cost, COUNT(*) FROM visits GROUP BY cost", GROUP_KEY_NOT_DIMENSION),
        // MIN / MAX / first value of sensitive columns.
        a("SELECT diagnosis, MAX(cost) FROM visits GROUP BY diagnosis", AGGREGATE_NOT_ALLOWED),
        a("SELECT MIN(cost) FROM visits", AGGREGATE_NOT_ALLOWED),
        a("SELECT MAX(person_id) FROM visits", AGGREGATE_NOT_ALLOWED),
        a("SELECT ANY_VALUE(cost) FROM visits", AGGREGATE_NOT_ALLOWED),
        a(
            "SELECT diagnosis, FIRST_VALUE(cost) OVER (PARTITION BY diagnosis ORDER BY visit_date)"
                + " FROM visits",
            WINDOW_OVER_ROWS),
        a("SELECT SUM(age) FROM visits", AGGREGATE_NOT_ALLOWED),
        a("SELECT COUNT(DISTINCT cost) FROM visits", AGGREGATE_NOT_ALLOWED),
        a(
            "SELECT income_band, SUM(DISTINCT balance) FROM accounts GROUP BY income_band",
            AGGREGATE_NOT_ALLOWED),
        // String tricks on identifiers.
        a(
            "SELECT SUBSTRING(CAST(person_id AS VARCHAR) FROM 1 FOR 5) AS p, COUNT(*) FROM visits"
                + " GROUP BY SUBSTRING(CAST(person_id AS VARCHAR) FROM 1 FOR 5)",
            GROUP_KEY_NOT_DIMENSION),
        a(
            "SELECT diagnosis, COUNT(*) FROM visits WHERE CAST(person_id AS VARCHAR) LIKE '12%'"
                + " GROUP BY diagnosis",
            FILTER_NOT_DIMENSION),
        a(
            "SELECT CHAR_LENGTH(CAST(person_id AS VARCHAR)) AS l, COUNT(*) FROM visits"
                + " GROUP BY CHAR_LENGTH(CAST(person_id AS VARCHAR))",
            GROUP_KEY_NOT_DIMENSION),
        a(
            "SELECT zip3 || CAST(person_id AS VARCHAR) AS k, COUNT(*) FROM visits"
                + " GROUP BY zip3 || CAST(person_id AS VARCHAR)",
            GROUP_KEY_NOT_DIMENSION),
        a("SELECT UPPER(zip3 || CAST(person_id AS VARCHAR)) FROM visits", NOT_AGGREGATED),
        // CASE-based isolation of single rows inside large groups.
        a(
            "SELECT SUM(CASE WHEN person_id = 42 THEN cost ELSE 0 END) FROM visits",
            AGGREGATE_ARGUMENT_NOT_COLUMN),
        a(
            "SELECT SUM(CASE WHEN age = 37 AND zip3 = '021' THEN cost ELSE 0 END) FROM visits",
            AGGREGATE_ARGUMENT_NOT_COLUMN),
        a(
            "SELECT CASE WHEN person_id = 42 THEN 't' ELSE 'o' END AS g, AVG(cost) FROM visits"
                + " GROUP BY CASE WHEN person_id = 42 THEN 't' ELSE 'o' END",
            GROUP_KEY_NOT_DIMENSION),
        a("SELECT COUNT(*) FILTER (WHERE age = 37) FROM visits", AGGREGATE_FILTER),
        a(
            "SELECT AVG(cost * CASE WHEN diagnosis = 'J45' THEN 1 ELSE 0 END) FROM visits",
            AGGREGATE_ARGUMENT_NOT_COLUMN),
        a(
            "SELECT COUNT(CASE WHEN cost > 1000 THEN 1 END) FROM visits",
            AGGREGATE_ARGUMENT_NOT_COLUMN),
        // Differencing two aggregates inside one query.
        a(
            "SELECT (SELECT SUM(cost) FROM visits) - (SELECT SUM(cost) FROM visits WHERE age <> 37)",
            DATASET_READ_TWICE),
        a(
            "SELECT SUM(cost) FROM visits UNION ALL SELECT SUM(cost) FROM visits WHERE zip3 <> '021'",
            MULTIPLE_AGGREGATIONS),
        a(
            "SELECT x.s - y.s FROM (SELECT SUM(cost) s FROM visits) x CROSS JOIN"
                + " (SELECT SUM(balance) s FROM accounts WHERE region <> 'north') y",
            MULTIPLE_AGGREGATIONS),
        // Self-joins.
        a(
            "SELECT v1.diagnosis, COUNT(*) FROM visits v1 JOIN visits v2 ON v1.person_id ="
                + " v2.person_id WHERE v2.zip3 = '021' GROUP BY v1.diagnosis",
            DATASET_READ_TWICE),
        a(
            "SELECT COUNT(*) FROM visits v1 JOIN visits v2 ON v1.person_id < v2.person_id",
            JOIN_NOT_EQUI),
        // Joins that are not equi-joins on join columns.
        a(
            "SELECT a.region, COUNT(*) FROM visits v JOIN accounts a ON v.zip3 = a.region"
                + " GROUP BY a.region",
            JOIN_KEY_NOT_JOIN_COLUMN),
        a(
            "SELECT a.region, COUNT(*) FROM visits v JOIN accounts a ON v.person_id + 1 ="
                + " a.person_id GROUP BY a.region",
            JOIN_KEY_NOT_JOIN_COLUMN),
        a(
            "SELECT a.region, COUNT(*) FROM visits v JOIN accounts a"
                + " ON CAST(v.person_id AS SMALLINT) = a.person_id GROUP BY a.region",
            JOIN_KEY_NOT_JOIN_COLUMN),
        a(
            "SELECT a.region, COUNT(*) FROM visits v CROSS JOIN accounts a GROUP BY a.region",
            JOIN_NOT_EQUI),
        a(
            "SELECT v.diagnosis, COUNT(*) FROM visits v JOIN accounts a ON v.person_id ="
                + " a.person_id AND a.balance > 1000000 GROUP BY v.diagnosis",
            FILTER_NOT_DIMENSION),
        a(
            "SELECT diagnosis, COUNT(*) FROM visits v WHERE NOT EXISTS (SELECT 1 FROM accounts a"
                + " WHERE a.person_id = v.person_id) GROUP BY diagnosis",
            GROUP_KEY_NOT_DIMENSION),
        // Set operations.
        a(
            "SELECT person_id FROM visits INTERSECT SELECT person_id FROM accounts",
            SET_OPERATION_NOT_DIMENSION),
        a(
            "SELECT COUNT(*) FROM (SELECT person_id FROM visits UNION SELECT person_id FROM"
                + " accounts) t",
            SET_OPERATION_NOT_DIMENSION),
        a(
            "SELECT COUNT(*) FROM (SELECT person_id FROM visits EXCEPT SELECT person_id FROM"
                + " accounts) t",
            SET_OPERATION_NOT_DIMENSION),
        a("SELECT diagnosis FROM visits UNION ALL SELECT region FROM accounts", NOT_AGGREGATED),
        // Window functions over rows.
        a(
            "SELECT diagnosis, COUNT(*) FROM (SELECT diagnosis, ROW_NUMBER() OVER (ORDER BY cost"
                + " DESC) rn FROM visits) t WHERE rn = 1 GROUP BY diagnosis",
            WINDOW_OVER_ROWS),
        a("SELECT zip3, SUM(cost) OVER (PARTITION BY zip3) FROM visits", WINDOW_OVER_ROWS),
        a(
            "SELECT diagnosis, COUNT(*) FROM (SELECT diagnosis, RANK() OVER (PARTITION BY person_id"
                + " ORDER BY visit_date) r FROM visits) t WHERE r = 1 GROUP BY diagnosis",
            WINDOW_OVER_ROWS),
        // LIMIT / ORDER BY over rows.
        a("SELECT cost FROM visits ORDER BY cost DESC LIMIT 1", ORDER_OR_LIMIT_BEFORE_AGGREGATION),
        a(
            "SELECT SUM(cost) FROM (SELECT cost FROM visits ORDER BY cost DESC LIMIT 1) t",
            ORDER_OR_LIMIT_BEFORE_AGGREGATION),
        a(
            "SELECT AVG(cost) FROM (SELECT cost FROM visits LIMIT 10 OFFSET 5) t",
            ORDER_OR_LIMIT_BEFORE_AGGREGATION),
        a(
            "SELECT diagnosis, COUNT(*) FROM (SELECT * FROM visits ORDER BY person_id"
                + " FETCH FIRST 11 ROWS ONLY) t GROUP BY diagnosis",
            ORDER_OR_LIMIT_BEFORE_AGGREGATION),
        // Nested sub-queries.
        a(
            "SELECT COUNT(*) FROM visits WHERE cost = (SELECT MAX(cost) FROM visits)",
            DATASET_READ_TWICE),
        a(
            "SELECT diagnosis, COUNT(*) FROM visits WHERE age IN (SELECT age FROM visits WHERE"
                + " person_id = 42) GROUP BY diagnosis",
            FILTER_NOT_DIMENSION),
        a(
            "SELECT (SELECT COUNT(*) FROM accounts WHERE region = v.zip3) FROM visits v",
            ROWS_COMBINED_WITH_RESULTS),
        a(
            "SELECT t.c FROM (SELECT person_id, COUNT(*) c FROM visits GROUP BY person_id) t"
                + " WHERE t.c = 1",
            GROUP_KEY_NOT_DIMENSION),
        a(
            "WITH x AS (SELECT person_id, cost FROM visits) SELECT person_id, cost FROM x",
            NOT_AGGREGATED),
        a(
            "SELECT v.diagnosis, t.c FROM visits v JOIN (SELECT region, COUNT(*) c FROM accounts"
                + " GROUP BY region) t ON v.zip3 = t.region",
            ROWS_COMBINED_WITH_RESULTS),
        // Everything else the rules do not know.
        a(
            "SELECT zip3, diagnosis, COUNT(*) FROM visits GROUP BY ROLLUP(zip3, diagnosis)",
            GROUPING_SETS),
        a("SELECT COUNT(*) FROM visits TABLESAMPLE BERNOULLI(1)", UNSUPPORTED),
        a("SELECT 1", NO_DATASET),
        a("DELETE FROM visits", INVALID_SQL),
        a("SELECT COUNT(*) FROM information_schema.tables", INVALID_SQL),
        a("SELECT COUNT(*) FROM visits WHERE", INVALID_SQL));
  }

  private static Arguments a(String sql, RefusalCode expected) {
    return Arguments.of(sql, expected);
  }

  @ParameterizedTest(name = "[{index}] {1}: {0}")
  @MethodSource("attacks")
  void refusesAttack(String sql, RefusalCode expected) {
    CheckedQuery q = CHECKER.check(sql);
    assertThat(q.report().allowed()).as("allowed: %s", sql).isFalse();
    assertThat(q.plan()).isEmpty();
    assertThat(q.report().codes())
        .as("reasons of %s: %s", sql, q.report().refusals())
        .contains(expected);
    assertThat(q.report().refusals()).allSatisfy(r -> assertThat(r.message()).isNotBlank());
  }

  @org.junit.jupiter.api.Test
  void suiteHasAtLeastFortyAttacks() {
    assertThat(attacks().count()).isGreaterThanOrEqualTo(40);
  }
}
