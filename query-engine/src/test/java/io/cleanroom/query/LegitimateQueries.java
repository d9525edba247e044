package io.cleanroom.query;

import java.util.stream.Stream;

/** The queries the example contract must allow (and the executor must run). */
public final class LegitimateQueries {

  private LegitimateQueries() {}

  public static Stream<String> queries() {
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
}
