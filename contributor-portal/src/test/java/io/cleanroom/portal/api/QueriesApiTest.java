package io.cleanroom.portal.api;

import static io.cleanroom.portal.PortalTestSupport.ANALYST;
import static io.cleanroom.portal.PortalTestSupport.AUDITOR;
import static io.cleanroom.portal.PortalTestSupport.BANK;
import static io.cleanroom.portal.PortalTestSupport.HOSPITAL;
import static io.cleanroom.portal.PortalTestSupport.as;
import static io.cleanroom.portal.PortalTestSupport.create;
import static io.cleanroom.portal.PortalTestSupport.newId;
import static io.cleanroom.portal.PortalTestSupport.problem;
import static io.cleanroom.portal.PortalTestSupport.withContract;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Analysts' proposals: checked by the query engine, kept with the report, logged. */
@QuarkusTest
@QuarkusTestResource(KeycloakTestResource.class)
class QueriesApiTest {

  static final String HEADLINE =
      "select a.income_band, count(*) as visits, avg(v.cost) as avg_cost from visits v"
          + " join accounts a on v.person_id = a.person_id group by a.income_band";
  static final String ATTACK =
      "select person_id, sum(cost) as total from visits group by person_id";

  private static Response propose(String user, String id, String contractHash, String sql) {
    return as(user)
        .contentType(ContentType.JSON)
        .body(Map.of("contractHash", contractHash, "sql", sql))
        .post("/v1/collaborations/" + id + "/queries");
  }

  @Test
  void anAnalystsProposalIsCheckedKeptAndLogged() {
    var c = withContract("queries", BANK);
    String id = c.id();
    byte[] contract = c.contract();
    String hash = c.contractHash();

    Response ok = propose(ANALYST, id, hash, HEADLINE);
    ok.then().statusCode(201);
    String expected =
        new QueryChecker(ContractParser.parse(contract))
            .check(HEADLINE)
            .report()
            .fingerprint()
            .orElseThrow();
    assertThat(ok.jsonPath().getBoolean("allowed")).isTrue();
    assertThat(ok.jsonPath().getString("fingerprint")).isEqualTo(expected);
    assertThat(ok.jsonPath().getList("report.summary", String.class)).isNotEmpty();
    assertThat(ok.jsonPath().getString("proposedByOrg")).isEqualTo("research");

    Response refused = propose(ANALYST, id, hash, ATTACK);
    refused.then().statusCode(201);
    assertThat(refused.jsonPath().getBoolean("allowed")).isFalse();
    assertThat(refused.jsonPath().getString("fingerprint")).isNotEqualTo(expected);

    assertThat(
            as(HOSPITAL)
                .get("/v1/collaborations/" + id + "/queries")
                .jsonPath()
                .getList("id", String.class))
        .containsExactly(refused.jsonPath().getString("id"), ok.jsonPath().getString("id"));
    as(AUDITOR)
        .get("/v1/collaborations/" + id + "/queries/" + ok.jsonPath().getString("id"))
        .then()
        .statusCode(200);

    JsonNode entries =
        CanonicalJson.parse(
            as(AUDITOR).get("/v1/collaborations/" + id + "/log/entries?start=2&end=4").asString());
    JsonNode first = entries.get(0).get("entry").get("entry");
    JsonNode second = entries.get(1).get("entry").get("entry");
    assertThat(first.get("event").asText()).isEqualTo("query.proposed");
    assertThat(first.get("verdict").asText()).isEqualTo("allowed");
    assertThat(first.get("queryFingerprint").asText()).isEqualTo(expected);
    assertThat(first.get("datasets").toString()).contains("visits").contains("accounts");
    assertThat(second.get("verdict").asText()).isEqualTo("refused");
    assertThat(second.get("refusals").size()).isPositive();
    assertThat(second.get("sql").asText()).isEqualTo(ATTACK);
  }

  @Test
  void onlyAnalystsOfTheCollaborationPropose() {
    var c = withContract("q-roles", HOSPITAL);
    String id = c.id();
    String hash = c.contractHash();
    problem(propose(HOSPITAL, id, hash, HEADLINE), 403, "ROLE_REQUIRED");
    problem(propose(AUDITOR, id, hash, HEADLINE), 403, "ROLE_REQUIRED");
    problem(propose(ANALYST, id, "ab".repeat(32), HEADLINE), 404, "NOT_FOUND");
    // SQL that does not parse is a refused proposal, with the reason in its report.
    Response garbage = propose(ANALYST, id, hash, "select from where");
    garbage.then().statusCode(201);
    assertThat(garbage.jsonPath().getBoolean("allowed")).isFalse();
    assertThat(garbage.jsonPath().getList("report.refusals")).isNotEmpty();
    problem(propose(ANALYST, id, hash, " "), 400, "MALFORMED_REQUEST");

    // research is a member but not an analyst here; in another, not a member at all.
    String noAnalyst = newId("q-none");
    create(
            HOSPITAL,
            noAnalyst,
            Map.of("hospital", List.of("data-owner"), "research", List.of("result-recipient")))
        .then()
        .statusCode(201);
    problem(propose(ANALYST, noAnalyst, hash, HEADLINE), 403, "NOT_A_PARTY");
    String without = newId("q-out");
    create(HOSPITAL, without, Map.of("hospital", List.of("data-owner"))).then().statusCode(201);
    problem(propose(ANALYST, without, hash, HEADLINE), 404, "NOT_FOUND");
  }
}
