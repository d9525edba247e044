package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.cli.UserError;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * Access tokens from Keycloak by the password grant of the public client {@code cleanroom-cli},
 * with {@code scope=openid organization} so that the token names the user's organization
 * (docs/keycloak.md).
 *
 * <p><b>Security:</b> the password grant suits the demo realm and scripts; people signing in to a
 * production realm use the portal (authorization code with PKCE). The password is sent once and
 * never kept; a refused sign-in names only Keycloak's error code.
 */
public final class KeycloakTokens {

  /** The client the demo realm defines for the CLI. */
  public static final String CLIENT_ID = "cleanroom-cli";

  private final URI tokenEndpoint;
  private final HttpJson http = new HttpJson("Keycloak");

  /** Tokens from realm {@code realm} of the Keycloak at {@code keycloak} (its base URL). */
  public KeycloakTokens(URI keycloak, String realm) {
    String s = keycloak.toString().replaceAll("/+$", "");
    this.tokenEndpoint = URI.create(s + "/realms/" + enc(realm) + "/protocol/openid-connect/token");
  }

  /** The token endpoint used. */
  public URI tokenEndpoint() {
    return tokenEndpoint;
  }

  /** An access token for {@code user}. */
  public String accessToken(String user, String password) {
    String form =
        "grant_type=password&client_id="
            + CLIENT_ID
            + "&scope="
            + enc("openid organization")
            + "&username="
            + enc(user)
            + "&password="
            + enc(password);
    JsonNode answer =
        http.send(
            HttpRequest.newBuilder(tokenEndpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    String token = answer.path("access_token").asText("");
    if (token.isEmpty()) {
      throw new UserError("Keycloak answered without an access token");
    }
    return token;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
