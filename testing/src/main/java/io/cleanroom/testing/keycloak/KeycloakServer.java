package io.cleanroom.testing.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Keycloak serving the {@code cleanroom} realm: either a process this class started from the
 * distribution zip (in-memory database, realm imported at start, stopped by {@link #close()}), or
 * one already running that a developer names with {@code -Dkeycloak.url=http://127.0.0.1:8080}.
 *
 * <p>Security: for local use only. The server runs in development mode over plain HTTP bound to
 * 127.0.0.1; the realm's demo passwords are public. Neither passwords nor tokens are logged.
 */
public final class KeycloakServer implements AutoCloseable {

  /** The realm's name. */
  public static final String REALM = "cleanroom";

  /** The public client used for password grants. */
  public static final String CLIENT_ID = "cleanroom-cli";

  /** System property naming the base URL of an already-running Keycloak to use instead. */
  public static final String URL_PROPERTY = "keycloak.url";

  /** System property overriding the start timeout in seconds (default 180). */
  public static final String START_TIMEOUT_PROPERTY = "keycloak.startTimeoutSeconds";

  private static final String BUNDLED_REALM = "cleanroom-realm.json";
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUrl;
  private final Optional<KeycloakProcess> process;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private KeycloakServer(URI baseUrl, Optional<KeycloakProcess> process) {
    this.baseUrl = baseUrl;
    this.process = process;
  }

  /**
   * Uses the Keycloak named by {@code -Dkeycloak.url} if set, else starts one in {@code workDir}
   * with the bundled demo realm (see {@link #start(Path)}).
   */
  public static KeycloakServer startOrConnect(Path workDir) {
    String url = System.getProperty(URL_PROPERTY, "");
    return url.isBlank() ? start(workDir) : connect(URI.create(url));
  }

  /**
   * Starts Keycloak in {@code workDir} with the bundled demo realm on free ports. The working
   * directory keeps the unpacked distribution (reused by later starts) and {@code keycloak.log};
   * run one server per working directory at a time.
   */
  public static KeycloakServer start(Path workDir) {
    try (InputStream realm = KeycloakServer.class.getResourceAsStream(BUNDLED_REALM)) {
      if (realm == null) {
        throw new IllegalStateException("realm file missing from the classpath: " + BUNDLED_REALM);
      }
      return start(workDir, realm.readAllBytes(), 0, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts Keycloak in {@code workDir} importing {@code realmFile}, which must define the {@code
   * cleanroom} realm; a port of 0 means a free one. Blocks until the realm answers (default timeout
   * 180 s), failing with the end of Keycloak's log if it does not.
   */
  public static KeycloakServer start(
      Path workDir, Path realmFile, int httpPort, int managementPort) {
    try {
      return start(workDir, Files.readAllBytes(realmFile), httpPort, managementPort);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read realm file " + realmFile, e);
    }
  }

  /** Uses a Keycloak already running at {@code baseUrl}; fails unless its realm answers. */
  public static KeycloakServer connect(URI baseUrl) {
    KeycloakServer server = new KeycloakServer(withSlash(baseUrl), Optional.empty());
    if (!server.realmAnswers()) {
      throw new IllegalStateException(
          "no Keycloak realm '" + REALM + "' answers at " + server.discoveryUrl());
    }
    return server;
  }

  private static KeycloakServer start(
      Path workDir, byte[] realm, int httpPort, int managementPort) {
    Path dir = workDir.toAbsolutePath();
    Path home = KeycloakDistribution.unpack(KeycloakDistribution.zip(), dir.resolve("keycloak"));
    int port = freePort(httpPort);
    int management = freePort(managementPort);
    while (managementPort == 0 && management == port) {
      management = freePort(0);
    }
    KeycloakProcess process =
        KeycloakProcess.launch(home, realm, REALM, port, management, dir.resolve("keycloak.log"));
    KeycloakServer server =
        new KeycloakServer(URI.create("http://127.0.0.1:" + port + "/"), Optional.of(process));
    try {
      process.awaitReady(server::realmAnswers, startTimeout());
      return server;
    } catch (RuntimeException e) {
      process.stop(STOP_GRACE);
      throw e;
    }
  }

  /** The base URL, ending in {@code /}, e.g. {@code http://127.0.0.1:41234/}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The realm's issuer, as in tokens' {@code iss}: {@code <base>realms/cleanroom}. */
  public URI issuerUrl() {
    return baseUrl.resolve("realms/" + REALM);
  }

  /**
   * A fresh access token (the raw JWT) for a user of the realm, by the password grant with client
   * {@code cleanroom-cli} and {@code scope=openid organization}.
   *
   * @throws TokenRefusedException if Keycloak refuses, e.g. HTTP 400 {@code invalid_grant} for a
   *     wrong password
   */
  public String accessToken(String username, String password) {
    String form =
        form(
            Map.of(
                "grant_type", "password",
                "client_id", CLIENT_ID,
                "username", username,
                "password", password,
                "scope", "openid organization"));
    HttpRequest request =
        HttpRequest.newBuilder(
                baseUrl.resolve("realms/" + REALM + "/protocol/openid-connect/token"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> response = send(request);
    JsonNode body = parse(response.body());
    if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
      throw new TokenRefusedException(
          username,
          response.statusCode(),
          body.path("error").asText(""),
          body.path("error_description").asText(""));
    }
    return body.get("access_token").asText();
  }

  /** Stops the Keycloak this class started (its whole process tree); no-op for a connected one. */
  @Override
  public void close() {
    process.ifPresent(p -> p.stop(STOP_GRACE));
  }

  private URI discoveryUrl() {
    return baseUrl.resolve("realms/" + REALM + "/.well-known/openid-configuration");
  }

  private boolean realmAnswers() {
    HttpRequest request =
        HttpRequest.newBuilder(discoveryUrl()).timeout(Duration.ofSeconds(5)).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Keycloak", e);
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach Keycloak at " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling Keycloak", e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body.isEmpty() ? "{}" : body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static URI withSlash(URI uri) {
    String s = uri.toString();
    return s.endsWith("/") ? uri : URI.create(s + "/");
  }

  /**
   * {@code port} if nothing listens on it, a free one if it is 0. Checked before the start because
   * another Keycloak with the same realm on that port would look ready at once.
   */
  private static int freePort(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(
          "port " + port + " on 127.0.0.1 is in use (" + e.getMessage() + ")", e);
    }
  }

  private static Duration startTimeout() {
    return Duration.ofSeconds(Long.getLong(START_TIMEOUT_PROPERTY, 180));
  }
}
