package io.cleanroom.broker.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** Health checks and the OpenAPI document that operators and client authors rely on. */
@QuarkusTest
@QuarkusTestResource(KeycloakTestResource.class)
class OperationsTest {

  @Test
  void healthChecksAnswerUp() {
    Response r = given().get("/q/health");
    r.then().statusCode(200);
    assertThat(r.jsonPath().getString("status")).isEqualTo("UP");
    assertThat(r.asString()).contains("Database connections health check");
  }

  @Test
  void theOpenApiDocumentNamesEveryEndpoint() {
    String doc =
        given()
            .queryParam("format", "json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(doc)
        .contains("/v1/keys/{datasetId}")
        .contains("/v1/contracts")
        .contains("/v1/approvals")
        .contains("/v1/release/challenge")
        .contains("/v1/release/attest")
        .contains("/v1/release-log")
        .contains("/v1/budgets")
        .contains("/v1/admin/master-key/reseal");
  }
}
