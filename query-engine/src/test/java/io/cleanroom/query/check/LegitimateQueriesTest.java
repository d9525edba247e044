package io.cleanroom.query.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.Fixtures;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.plan.SuppressSmallGroups;
import java.util.List;
import java.util.stream.Stream;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Queries the example contract must allow, each with its output threshold applied. */
class LegitimateQueriesTest {

  private static final QueryChecker CHECKER = new QueryChecker(Fixtures.hospitalBank());

  static Stream<String> queries() {
    return Stream.of(
        "SELECT diagnosis, COUNT(*) FROM visits GROUP BY diagnosis",
        "SELECT diagnosis, AVG(cost) FROM visits WHERE age > 30 GROUP BY diagnosis",
        "SELECT a.income_band, AVG(v.cost) AS avg_cost FROM visits v JOIN accounts a"
            + " ON v.person_id = a.person_id GROUP BY a.income_band",
        "SELECT COUNT(DISTINCT person_id) AS patients FROM visits",
        "SELECT zip3, SUM(cost), COUNT(*) FROM visits GROUP BY zip3 HAVING COUNT(*) > 100"
            + " ORDER BY 2 DESC LIMIT 10",
        "SELECT EXTRACT(YEAR FROM visit_date) AS y, COUNT(*) FROM visits"
            + " GROUP BY EXTRACT(YEAR FROM visit_date)",
        "SELECT CASE WHEN age < 18 THEN 'child' WHEN age < 65 THEN 'adult' ELSE 'senior' END AS b,"
            + " AVG(cost) FROM visits GROUP BY CASE WHEN age < 18 THEN 'child' WHEN age < 65"
            + " THEN 'adult' ELSE 'senior' END",
        "WITH adults AS (SELECT * FROM visits WHERE age >= 18) SELECT diagnosis, SUM(cost)"
            + " FROM adults GROUP BY diagnosis",
        "SELECT diagnosis, COUNT(*) FROM visits WHERE person_id IN (SELECT person_id FROM"
            + " accounts WHERE region = 'north') GROUP BY diagnosis",
        "SELECT diagnosis, COUNT(*) FROM visits v WHERE EXISTS (SELECT 1 FROM accounts a WHERE"
            + " a.person_id = v.person_id AND a.income_band = 'high') GROUP BY diagnosis",
        "SELECT region, AVG(balance) FROM accounts GROUP BY region",
        "SELECT a.region, v.diagnosis, COUNT(*), SUM(v.cost) FROM visits v JOIN accounts a"
            + " ON v.person_id = a.person_id WHERE v.visit_date >= DATE '2024-01-01'"
            + " GROUP BY a.region, v.diagnosis",
        "SELECT diagnosis, COUNT(*) * 100.0 / SUM(COUNT(*)) OVER () AS share FROM visits"
            + " GROUP BY diagnosis",
        "SELECT diagnosis, RANK() OVER (ORDER BY AVG(cost) DESC) AS r FROM visits"
            + " GROUP BY diagnosis",
        "SELECT COUNT(*) FROM (SELECT zip3, COUNT(*) AS c FROM visits GROUP BY zip3) t"
            + " WHERE c > 50",
        "SELECT income_band, SUM(balance) / COUNT(*) FROM accounts GROUP BY income_band",
        "SELECT v.zip3, AVG(a.balance) FROM visits v LEFT JOIN accounts a"
            + " ON v.person_id = a.person_id GROUP BY v.zip3",
        "SELECT UPPER(diagnosis) AS d, COUNT(*) FROM visits WHERE zip3 LIKE '02%'"
            + " GROUP BY UPPER(diagnosis)",
        "SELECT diagnosis, AVG(CAST(cost AS DOUBLE)) FROM visits GROUP BY diagnosis",
        "SELECT visit_date, COUNT(*) FROM visits WHERE visit_date BETWEEN DATE '2024-01-01'"
            + " AND DATE '2024-01-31' GROUP BY visit_date ORDER BY visit_date",
        "SELECT k, COUNT(*) FROM (SELECT zip3 AS k FROM visits UNION ALL SELECT region AS k"
            + " FROM accounts) t GROUP BY k",
        "SELECT COUNT(*), COUNT(DISTINCT v.person_id), AVG(a.balance) FROM visits v JOIN accounts"
            + " a ON v.person_id = a.person_id WHERE a.region IN ('north', 'south')",
        "select   DIAGNOSIS , count(*)  from VISITS group by Diagnosis");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("queries")
  void allowsLegitimateQuery(String sql) {
    CheckedQuery q = CHECKER.check(sql);
    assertThat(q.report().refusals()).as(sql).isEmpty();
    assertThat(q.report().allowed()).isTrue();
    assertThat(q.report().fingerprint()).get().asString().matches("[0-9a-f]{64}");
    assertThat(q.report().thresholds())
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.minimum()).isEqualTo(10));
    assertThat(count(q.plan().orElseThrow())).as("one threshold node").isEqualTo(1);
  }

  @Test
  void suiteHasAtLeastTwentyQueries() {
    assertThat(queries().count()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void allowsParameterisedQueryAndBindsValuesIntoFingerprint() {
    String sql =
        "SELECT diagnosis, COUNT(*) FROM visits WHERE age BETWEEN ? AND ? GROUP BY" + " diagnosis";
    List<JsonNode> p1 = List.of(IntNode.valueOf(30), IntNode.valueOf(40));
    List<JsonNode> p2 = List.of(IntNode.valueOf(30), IntNode.valueOf(41));
    CheckedQuery a = CHECKER.check(sql, p1);
    CheckedQuery b = CHECKER.check(sql, p2);
    assertThat(a.report().allowed()).isTrue();
    assertThat(a.report().fingerprint()).isNotEqualTo(b.report().fingerprint());
    assertThat(a.plan().orElseThrow().explain()).contains("40").doesNotContain("?");
  }

  private static int count(RelNode node) {
    int n = node instanceof SuppressSmallGroups ? 1 : 0;
    for (RelNode in : node.getInputs()) {
      n += count(in);
    }
    return n;
  }
}
