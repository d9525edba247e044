package io.cleanroom.query.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.Fixtures;
import io.cleanroom.query.LegitimateQueries;
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
    return LegitimateQueries.queries();
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
