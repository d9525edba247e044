package io.cleanroom.testing.quarkus;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cleanroom.testing.keycloak.KeycloakServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real Keycloak with the demo realm (deploy/keycloak) for a service's {@code @QuarkusTest}s,
 * started once per test JVM and shared by every test class (Quarkus restarts the application
 * between test profiles; Keycloak stays up and stops with the JVM). {@code -Dkeycloak.url=...}
 * reuses a running one.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

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
   * grant (as the portal gets one to pull a key broker's signed log).
   */
  public static String clientToken(String clientId, String secret) {
    String form =
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    HttpRequest req =
        HttpRequest.newBuilder(
                server()
                    .baseUrl()
                    .resolve("realms/" + KeycloakServer.REALM + "/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "Keycloak refused the client credentials: " + r.statusCode());
      }
      return new ObjectMapper().readTree(r.body()).path("access_token").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
