package io.cleanroom.portal.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The web UI's settings, readable before anyone signs in. */
@QuarkusTest
@QuarkusTestResource(KeycloakTestResource.class)
class ConfigApiTest {

  @Test
  void tellsTheRealmTheClientTheBrokersAndWhetherTheEnclaveIsSimulated() {
    Response r = given().get("/v1/config");
    r.then().statusCode(200);
    String realm =
        ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
    assertThat(r.jsonPath().getString("authority")).isEqualTo(realm.replaceAll("/$", ""));
    assertThat(r.jsonPath().getString("clientId")).isEqualTo("cleanroom-web");
    assertThat(r.jsonPath().getMap("keyBrokers")).isNotNull();
    assertThat(r.jsonPath().getBoolean("simulated")).isFalse();
  }
}
