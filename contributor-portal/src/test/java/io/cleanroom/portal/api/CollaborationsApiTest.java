package io.cleanroom.portal.api;

import static io.cleanroom.portal.PortalTestSupport.ADMIN;
import static io.cleanroom.portal.PortalTestSupport.ANALYST;
import static io.cleanroom.portal.PortalTestSupport.AUDITOR;
import static io.cleanroom.portal.PortalTestSupport.BANK;
import static io.cleanroom.portal.PortalTestSupport.HOSPITAL;
import static io.cleanroom.portal.PortalTestSupport.as;
import static io.cleanroom.portal.PortalTestSupport.create;
import static io.cleanroom.portal.PortalTestSupport.demoContract;
import static io.cleanroom.portal.PortalTestSupport.demoMembers;
import static io.cleanroom.portal.PortalTestSupport.newId;
import static io.cleanroom.portal.PortalTestSupport.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Collaborations and contracts with real Keycloak tokens: who may create, see and propose, and
 * isolation between organizations.
 */
@QuarkusTest
@QuarkusTestResource(KeycloakTestResource.class)
class CollaborationsApiTest {

  @Test
  void aDataOwnerCreatesACollaborationItsMembersSee() {
    String id = newId("demo");
    Response r = create(HOSPITAL, id, demoMembers());
    r.then().statusCode(201);
    assertThat(r.jsonPath().getString("id")).isEqualTo(id);
    assertThat(r.jsonPath().getList("members.research", String.class))
        .containsExactly("analyst", "result-recipient");
    for (String user : List.of(HOSPITAL, BANK, ANALYST, AUDITOR, ADMIN)) {
      as(user).get("/v1/collaborations/" + id).then().statusCode(200);
      assertThat(as(user).get("/v1/collaborations").jsonPath().getList("id", String.class))
          .as(user)
          .contains(id);
    }
    problem(create(BANK, id, demoMembers()), 409, "CONFLICT");
  }

  @Test
  void anOrganizationOutsideACollaborationSeesNothingOfIt() {
    String id = newId("two");
    create(HOSPITAL, id, Map.of("hospital", List.of("data-owner"), "research", List.of("analyst")))
        .then()
        .statusCode(201);
    problem(as(BANK).get("/v1/collaborations/" + id), 404, "NOT_FOUND");
    problem(as(BANK).get("/v1/collaborations/" + id + "/log/head"), 404, "NOT_FOUND");
    problem(as(BANK).get("/v1/collaborations/" + id + "/log/export"), 404, "NOT_FOUND");
    problem(as(BANK).get("/v1/collaborations/" + id + "/contracts"), 404, "NOT_FOUND");
    assertThat(as(BANK).get("/v1/collaborations").jsonPath().getList("id", String.class))
        .doesNotContain(id);
    // The same answer as for an id that does not exist: nothing tells the two apart.
    problem(as(BANK).get("/v1/collaborations/" + newId("none")), 404, "NOT_FOUND");
  }

  @Test
  void onlyAdminsAndMemberDataOwnersCreate() {
    problem(create(ANALYST, newId("x"), demoMembers()), 403, "ROLE_REQUIRED");
    problem(create(AUDITOR, newId("x"), demoMembers()), 403, "ROLE_REQUIRED");
    problem(
        create(BANK, newId("x"), Map.of("hospital", List.of("data-owner"))),
        400,
        "MALFORMED_REQUEST");
    create(ADMIN, newId("admin"), demoMembers()).then().statusCode(201);
    problem(create(ADMIN, "Not An Id!", demoMembers()), 400, "MALFORMED_REQUEST");
    problem(
        create(ADMIN, newId("x"), Map.of("bank", List.of("overlord"))), 400, "MALFORMED_REQUEST");
    problem(
        given().contentType(ContentType.JSON).body("{}").post("/v1/collaborations"),
        401,
        "UNAUTHENTICATED");
    problem(given().auth().oauth2("not.a.token").get("/v1/collaborations"), 401, "UNAUTHENTICATED");
  }

  @Test
  void aMemberDataOwnerProposesContractVersions() {
    String id = newId("contract");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    byte[] contract = demoContract(id);
    Response r =
        as(BANK)
            .contentType(ContentType.JSON)
            .body(contract)
            .post("/v1/collaborations/" + id + "/contracts");
    r.then().statusCode(201);
    String hash = r.jsonPath().getString("contractHash");
    assertThat(hash).matches("[0-9a-f]{64}");
    assertThat(r.jsonPath().getInt("version")).isEqualTo(1);
    assertThat(r.jsonPath().getString("proposedByOrg")).isEqualTo("bank");
    // The same bytes again are the same version.
    as(HOSPITAL)
        .contentType(ContentType.JSON)
        .body(contract)
        .post("/v1/collaborations/" + id + "/contracts")
        .then()
        .statusCode(201);
    assertThat(
            as(ANALYST)
                .get("/v1/collaborations/" + id + "/contracts")
                .jsonPath()
                .getList("contractHash", String.class))
        .containsExactly(hash);
    as(AUDITOR).get("/v1/collaborations/" + id + "/contracts/" + hash).then().statusCode(200);

    problem(
        as(ANALYST)
            .contentType(ContentType.JSON)
            .body(contract)
            .post("/v1/collaborations/" + id + "/contracts"),
        403,
        "ROLE_REQUIRED");
    problem(
        as(HOSPITAL)
            .contentType(ContentType.JSON)
            .body(demoContract("another-collaboration"))
            .post("/v1/collaborations/" + id + "/contracts"),
        400,
        "CONTRACT_INVALID");
    problem(
        as(HOSPITAL)
            .contentType(ContentType.JSON)
            .body("{\"version\": 1}")
            .post("/v1/collaborations/" + id + "/contracts"),
        400,
        "CONTRACT_INVALID");
    // A collaboration where bank is no data owner: bank's dataset does not fit.
    String other = newId("nobank");
    create(
            HOSPITAL,
            other,
            Map.of(
                "hospital", List.of("data-owner"),
                "bank", List.of("analyst"),
                "research", List.of("analyst", "result-recipient")))
        .then()
        .statusCode(201);
    Response refused =
        as(HOSPITAL)
            .contentType(ContentType.JSON)
            .body(demoContract(other))
            .post("/v1/collaborations/" + other + "/contracts");
    problem(refused, 400, "CONTRACT_INVALID");
    assertThat(refused.jsonPath().getString("detail")).contains("bank");
  }

  static String token(String user) {
    return KeycloakTestResource.token(user);
  }
}
