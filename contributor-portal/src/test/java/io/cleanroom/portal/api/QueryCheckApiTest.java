package io.cleanroom.portal.api;

import static io.cleanroom.portal.PortalTestSupport.ANALYST;
import static io.cleanroom.portal.PortalTestSupport.AUDITOR;
import static io.cleanroom.portal.PortalTestSupport.BANK;
import static io.cleanroom.portal.PortalTestSupport.HOSPITAL;
import static io.cleanroom.portal.PortalTestSupport.as;
import static io.cleanroom.portal.PortalTestSupport.problem;
import static io.cleanroom.portal.PortalTestSupport.withContract;
import static io.cleanroom.portal.api.QueriesApiTest.ATTACK;
import static io.cleanroom.portal.api.QueriesApiTest.HEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check before a proposal: the same report, nothing kept, nothing logged. */
@QuarkusTest
@QuarkusTestResource(KeycloakTestResource.class)
class QueryCheckApiTest {

  private static Response check(String user, String id, Map<String, ?> body) {
    return as(user)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/collaborations/" + id + "/queries/check");
  }

  private static int logSize(String id) {
    return as(AUDITOR).get("/v1/collaborations/" + id + "/log/head").jsonPath().getInt("head.size");
  }

  @Test
  void answersTheEnginesReportWithoutKeepingOrLoggingAnything() {
    var c = withContract("check", BANK);
    int before = logSize(c.id());

    Response ok = check(ANALYST, c.id(), Map.of("contractHash", c.contractHash(), "sql", HEADLINE));
    ok.then().statusCode(200);
    var expected = new QueryChecker(ContractParser.parse(c.contract())).check(HEADLINE).report();
    assertThat(ok.jsonPath().getString("verdict")).isEqualTo("allowed");
    assertThat(ok.jsonPath().getString("fingerprint")).isEqualTo(expected.fingerprint().get());
    assertThat(ok.jsonPath().getList("summary", String.class)).isEqualTo(expected.summary());

    Response refused =
        check(ANALYST, c.id(), Map.of("contractHash", c.contractHash(), "sql", ATTACK));
    refused.then().statusCode(200);
    assertThat(refused.jsonPath().getString("verdict")).isEqualTo("refused");
    assertThat(refused.jsonPath().getList("refusals.code", String.class)).isNotEmpty();

    assertThat(
            as(ANALYST).get("/v1/collaborations/" + c.id() + "/queries").jsonPath().getList("id"))
        .isEmpty();
    assertThat(logSize(c.id())).isEqualTo(before);
  }

  @Test
  void onlyTheCollaborationsAnalystsCheck() {
    var c = withContract("check-roles", BANK);
    Map<String, String> body = Map.of("contractHash", c.contractHash(), "sql", HEADLINE);
    problem(check(HOSPITAL, c.id(), body), 403, "ROLE_REQUIRED");
    problem(check(AUDITOR, c.id(), body), 403, "ROLE_REQUIRED");
    problem(check(ANALYST, "no-such-collaboration", body), 404, "NOT_FOUND");
    problem(
        check(ANALYST, c.id(), Map.of("contractHash", c.contractHash())), 400, "MALFORMED_REQUEST");
    problem(
        check(ANALYST, c.id(), Map.of("contractHash", "00".repeat(32), "sql", HEADLINE)),
        404,
        "NOT_FOUND");
  }
}
