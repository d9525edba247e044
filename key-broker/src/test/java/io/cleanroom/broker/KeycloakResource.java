package io.cleanroom.broker;

import io.cleanroom.testing.keycloak.KeycloakServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real Keycloak with the demo realm (deploy/keycloak), started once per test JVM and shared by
 * every test class (Quarkus restarts the application between test profiles; Keycloak stays up and
 * stops with the JVM). {@code -Dkeycloak.url=...} reuses a running one.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

  private static KeycloakServer server;

  /** The shared server, started on first use. */
  public static synchronized KeycloakServer server() {
    if (server == null) {
      server = KeycloakServer.startOrConnect(Path.of("target", "keycloak").toAbsolutePath());
      // Quarkus loads this class again for each application restart (a new class loader, so a
      // new static field): the next one connects to the running server through this property.
      System.setProperty(KeycloakServer.URL_PROPERTY, server.baseUrl().toString());
    }
    return server;
  }

  /** A fresh access token of a demo user (password: user name + "-demo-password"). */
  public static String token(String user) {
    return server().accessToken(user, user + "-demo-password");
  }

  /**
   * A fresh access token of a confidential client's service account, by the client-credentials
   * grant (as the portal gets one to pull the broker's signed log).
   */
  public static String clientToken(String clientId, String secret) {
    return RestAssured.given()
        .baseUri(server().baseUrl().toString())
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", clientId)
        .formParam("client_secret", secret)
        .post("realms/" + KeycloakServer.REALM + "/protocol/openid-connect/token")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  @Override
  public Map<String, String> start() {
    return Map.of("quarkus.oidc.auth-server-url", server().issuerUrl().toString());
  }

  @Override
  public void stop() {
    // Shared across application restarts; KeycloakServer stops it when the JVM exits.
  }
}
