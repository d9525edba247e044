package io.cleanroom.query.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.Contracts;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.plan.DpAggregate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateAndDpCheckTest {

  private static final String TEMPLATE =
      "SELECT diagnosis, COUNT(*) FROM visits WHERE age >= ? GROUP BY diagnosis";

  private static Contract templateContract() {
    return Contracts.exampleWith(
        c -> {
          ObjectNode rule = Contracts.rule(c, 0);
          rule.put("mode", "template");
          ObjectNode t = rule.putArray("templates").addObject();
          t.put("id", "by-diagnosis").put("sql", TEMPLATE).putArray("parameters").add("BIGINT");
          ObjectNode list = rule.withArrayProperty("templates").addObject();
          list.put("id", "list-zip3")
              .put("sql", "SELECT zip3, age FROM visits WHERE diagnosis = ?")
              .putArray("parameters")
              .add("VARCHAR");
          rule.put("minimumThreshold", 0);
        });
  }

  private static final List<JsonNode> AGE = List.of(IntNode.valueOf(40));

  @Test
  void allowsTemplateWrittenDifferently() {
    CheckedQuery q =
        new QueryChecker(templateContract())
            .check(
                "select DIAGNOSIS,count(*)\nfrom Visits where AGE >= ? group   by diagnosis", AGE);
    assertThat(q.report().refusals()).isEmpty();
    assertThat(q.report().template()).contains("by-diagnosis");
  }

  @Test
  void allowsRowLevelTemplateTheOwnerListed() {
    CheckedQuery q =
        new QueryChecker(templateContract())
            .check(
                "SELECT zip3, age FROM visits WHERE diagnosis = ?",
                List.of(TextNode.valueOf("J45")));
    assertThat(q.report().refusals()).isEmpty();
  }

  @Test
  void refusesQueryThatIsNoTemplate() {
    CheckedQuery q =
        new QueryChecker(templateContract())
            .check(
                "SELECT diagnosis, COUNT(*) FROM visits WHERE age >= ? AND zip3 = '021' GROUP BY"
                    + " diagnosis",
                AGE);
    assertThat(q.report().codes()).contains(RefusalCode.TEMPLATE_REQUIRED);
  }

  @Test
  void refusesTemplateWithParameterOfWrongType() {
    CheckedQuery q =
        new QueryChecker(templateContract()).check(TEMPLATE, List.of(TextNode.valueOf("forty")));
    assertThat(q.report().codes()).contains(RefusalCode.PARAMETERS_MISMATCH);
  }

  @Test
  void refusesMissingParameters() {
    CheckedQuery q = new QueryChecker(templateContract()).check(TEMPLATE, List.of());
    assertThat(q.report().codes()).contains(RefusalCode.PARAMETERS_MISMATCH);
  }

  @Test
  void differentialPrivacyReplacesTheAggregate() {
    CheckedQuery q =
        new QueryChecker(Contracts.withDpOnVisits())
            .check("SELECT diagnosis, COUNT(*), AVG(cost) FROM visits GROUP BY diagnosis");
    assertThat(q.report().refusals()).isEmpty();
    assertThat(q.report().differentialPrivacy())
        .get()
        .satisfies(
            dp -> {
              assertThat(dp.epsilon()).isEqualTo(1.0);
              assertThat(dp.owners()).containsExactly("hospital");
              assertThat(dp.minimumThreshold()).isEqualTo(10);
            });
    assertThat(q.plan().orElseThrow()).isInstanceOf(DpAggregate.class);
  }

  @Test
  void differentialPrivacyCoversJoinOnTheSamePerson() {
    CheckedQuery q =
        new QueryChecker(Contracts.withDpOnVisits())
            .check(
                "SELECT a.income_band, AVG(v.cost) FROM visits v JOIN accounts a"
                    + " ON v.person_id = a.person_id GROUP BY a.income_band");
    assertThat(q.report().refusals()).isEmpty();
    assertThat(q.report().differentialPrivacy()).isPresent();
  }

  @Test
  void differentialPrivacyRefusesUnboundedAggregate() {
    CheckedQuery q =
        new QueryChecker(Contracts.withDpOnVisits())
            .check(
                "SELECT a.income_band, SUM(a.balance) FROM visits v JOIN accounts a"
                    + " ON v.person_id = a.person_id GROUP BY a.income_band");
    assertThat(q.report().codes()).contains(RefusalCode.DP_UNSUPPORTED);
  }

  @Test
  void differentialPrivacyRefusesUnrelatedIdentities() {
    CheckedQuery q =
        new QueryChecker(Contracts.withDpOnVisits())
            .check(
                "SELECT k, COUNT(*) FROM (SELECT zip3 AS k FROM visits UNION ALL SELECT region AS k"
                    + " FROM accounts) t GROUP BY k");
    assertThat(q.report().codes()).contains(RefusalCode.DP_UNSUPPORTED);
  }

  @Test
  void disallowedOutputColumnCannotBeOutputEvenAggregated() {
    Contract c =
        Contracts.exampleWith(
            j -> Contracts.rule(j, 0).putArray("disallowedOutputColumns").add("cost"));
    QueryChecker checker = new QueryChecker(c);
    assertThat(
            checker
                .check("SELECT diagnosis, SUM(cost) FROM visits GROUP BY diagnosis")
                .report()
                .codes())
        .contains(RefusalCode.DISALLOWED_OUTPUT_COLUMN);
    assertThat(
            checker
                .check("SELECT diagnosis, COUNT(*) FROM visits GROUP BY diagnosis")
                .report()
                .allowed())
        .isTrue();
  }

  @Test
  void columnWithoutRoleIsUnreadable() {
    Contract c =
        Contracts.exampleWith(
            j -> ((ObjectNode) Contracts.rule(j, 0).get("columns")).remove("zip3"));
    assertThat(
            new QueryChecker(c)
                .check("SELECT zip3, COUNT(*) FROM visits GROUP BY zip3")
                .report()
                .codes())
        .containsExactly(RefusalCode.UNREADABLE_COLUMN);
  }
}
