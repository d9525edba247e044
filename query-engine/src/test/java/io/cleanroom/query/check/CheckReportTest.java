package io.cleanroom.query.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.EngineVersion;
import io.cleanroom.query.Fixtures;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.plan.PlanNormalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckReportTest {

  private static final QueryChecker CHECKER = new QueryChecker(Fixtures.hospitalBank());
  private static final String HEADLINE =
      "SELECT a.income_band, AVG(v.cost) AS avg_cost FROM visits v JOIN accounts a"
          + " ON v.person_id = a.person_id GROUP BY a.income_band";

  @Test
  void reportsColumnsRolesUsesAndOutputs() {
    CheckReport r = CHECKER.check(HEADLINE).report();
    assertThat(r.datasets())
        .extracting(CheckReport.DatasetRead::dataset)
        .containsExactly("accounts", "visits");
    CheckReport.DatasetRead visits = r.datasets().get(1);
    assertThat(visits.owner()).isEqualTo("hospital");
    assertThat(visits.columns())
        .anySatisfy(
            c -> {
              assertThat(c.column()).isEqualTo("cost");
              assertThat(c.roles()).containsExactly("aggregate");
              assertThat(c.uses()).containsExactly("AVG(visits.cost)");
            });
    assertThat(visits.columns())
        .anySatisfy(
            c -> {
              assertThat(c.column()).isEqualTo("person_id");
              assertThat(c.uses()).containsExactly("join key");
            });
    assertThat(r.outputs())
        .extracting(OutputColumn::name)
        .containsExactly("income_band", "avg_cost");
    assertThat(r.outputs().get(1).lineage().aggregates())
        .extracting(AggregateUse::toString)
        .containsExactly("AVG(visits.cost)");
    assertThat(r.thresholds())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.minimum()).isEqualTo(10);
              assertThat(t.datasets()).containsExactly("accounts", "visits");
            });
    assertThat(r.summary()).anyMatch(s -> s.contains("fewer than 10 distinct identities"));
  }

  @Test
  void fingerprintCoversContractSqlParametersAndEngine() {
    CheckReport r = CHECKER.check(HEADLINE).report();
    String expected =
        Fingerprint.of(
            r.contractId(), r.normalizedSql().orElseThrow(), List.of(), EngineVersion.ID);
    assertThat(r.fingerprint()).contains(expected);
    CheckReport reformatted = CHECKER.check(HEADLINE.toLowerCase().replace(" ", "  ")).report();
    assertThat(reformatted.fingerprint()).isEqualTo(r.fingerprint());
    CheckReport other = CHECKER.check(HEADLINE.replace("AVG", "SUM")).report();
    assertThat(other.fingerprint()).isNotEqualTo(r.fingerprint());
  }

  @Test
  void jsonFormCarriesVerdictReasonsAndFingerprint() {
    ObjectNode json =
        CheckReportJson.toJson(
            CHECKER.check("SELECT person_id, COUNT(*) FROM visits GROUP BY person_id").report());
    assertThat(json.get("verdict").asText()).isEqualTo("refused");
    assertThat(json.get("refusals").get(0).get("code").asText())
        .isEqualTo("GROUP_KEY_NOT_DIMENSION");
    assertThat(json.get("fingerprint").asText()).hasSize(64);
    assertThat(json.get("summary").size()).isGreaterThan(1);
  }

  @Test
  void thresholdSitsDirectlyOnTheAggregateWithHiddenDistinctCount() {
    CheckedQuery q = CHECKER.check(HEADLINE + " HAVING COUNT(*) < 3 ORDER BY 2 LIMIT 1");
    String plan = PlanNormalizer.explain(q.plan().orElseThrow());
    assertThat(plan)
        .contains(
            "SuppressSmallGroups(keep=[3], thresholds=[[$3>=10"
                + " [accounts, visits]]])\n        LogicalAggregate(group=[{0}], avg_cost=[AVG($1)],"
                + " agg#1=[COUNT()], $identities_accounts_visits=[COUNT(DISTINCT $");
    assertThat(plan.indexOf("LogicalFilter")).isLessThan(plan.indexOf("SuppressSmallGroups"));
  }

  @Test
  void unionOfTwoDatasetsThresholdsEachIdentity() {
    CheckReport r =
        CHECKER
            .check(
                "SELECT k, COUNT(*) FROM (SELECT zip3 AS k FROM visits UNION"
                    + " ALL SELECT region AS k FROM accounts) t GROUP BY k")
            .report();
    assertThat(r.thresholds()).hasSize(2);
  }
}
