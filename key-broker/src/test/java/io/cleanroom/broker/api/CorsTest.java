package io.cleanroom.broker.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * The portal's web UI may deposit keys from the browser; no other web origin may call the broker.
 */
@QuarkusTest
@QuarkusTestResource(KeycloakTestResource.class)
class CorsTest {

  private static Response preflight(String origin) {
    return given()
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "PUT")
        .header("Access-Control-Request-Headers", "authorization,content-type")
        .options("/v1/keys/visits");
  }

  @Test
  void thePortalsOriginMayPutAKeyWithABearerToken() {
    Response r = preflight("http://127.0.0.1:8083");
    r.then().statusCode(200);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("http://127.0.0.1:8083");
    assertThat(r.header("Access-Control-Allow-Methods")).contains("PUT");
    assertThat(r.header("Access-Control-Allow-Headers").toLowerCase())
        .contains("authorization")
        .contains("content-type");
  }

  @Test
  void anyOtherOriginIsRefused() {
    Response pre = preflight("http://evil.example");
    assertThat(pre.header("Access-Control-Allow-Origin")).isNull();
    Response put =
        given()
            .header("Origin", "http://evil.example")
            .contentType("application/json")
            .body("{}")
            .put("/v1/keys/visits");
    put.then().statusCode(403);
    assertThat(put.header("Access-Control-Allow-Origin")).isNull();
  }
}
