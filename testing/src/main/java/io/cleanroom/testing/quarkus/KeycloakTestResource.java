package io.cleanroom.testing.quarkus;

import io.cleanroom.testing.keycloak.KeycloakServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
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

  @Override
  public Map<String, String> start() {
    return Map.of("quarkus.oidc.auth-server-url", server().issuerUrl().toString());
  }

  @Override
  public void stop() {
    // Shared across application restarts; KeycloakServer stops it when the JVM exits.
  }
}
