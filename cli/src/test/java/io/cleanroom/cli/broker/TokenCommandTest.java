package io.cleanroom.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.cli.Cli;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code cleanroom token} and the password grant against an in-process stand-in Keycloak. */
class TokenCommandTest {

  static final String TOKEN_PATH = "/realms/cleanroom/protocol/openid-connect/token";

  FakeServer keycloak;

  @BeforeEach
  void start() throws IOException {
    keycloak = new FakeServer();
  }

  @AfterEach
  void stop() {
    keycloak.close();
  }

  @Test
  void asksForAnOrganizationScopedTokenOfTheCliClient() {
    keycloak.on("POST " + TOKEN_PATH, 200, "{\"access_token\":\"eyJ.payload.sig\"}");

    String token =
        new KeycloakTokens(keycloak.uri(), "cleanroom").accessToken("hospital-owner", "p&ss w");

    assertThat(token).isEqualTo("eyJ.payload.sig");
    String body = keycloak.requests.get(0).body();
    assertThat(
            Arrays.stream(body.split("&")).map(f -> URLDecoder.decode(f, StandardCharsets.UTF_8)))
        .containsExactlyInAnyOrder(
            "grant_type=password",
            "client_id=cleanroom-cli",
            "scope=openid organization",
            "username=hospital-owner",
            "password=p&ss w");
  }

  @Test
  void aWrongPasswordIsKeycloaksErrorInOneLine() {
    keycloak.on(
        "POST " + TOKEN_PATH,
        400,
        "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}");

    assertThatThrownBy(
            () -> new KeycloakTokens(keycloak.uri(), "cleanroom").accessToken("bank-owner", "x"))
        .isInstanceOf(BrokerRefusal.class)
        .hasMessage("Keycloak refused: invalid_grant (HTTP 400): Invalid user credentials");
  }

  @Test
  void theCommandPrintsOnlyTheToken() {
    keycloak.on("POST " + TOKEN_PATH, 200, "{\"access_token\":\"eyJ.payload.sig\"}");
    var stdin = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream("pw\n".getBytes(StandardCharsets.UTF_8)));
      Cli r =
          Cli.run(
              "token",
              "--keycloak",
              keycloak.uri().toString(),
              "--user",
              "auditor",
              "--password-stdin");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).isEqualTo("eyJ.payload.sig\n");
      assertThat(r.err()).isEmpty();
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void thePasswordNeverComesFromTheCommandLine() {
    Cli none = Cli.run("token", "--user", "auditor");
    Cli both = Cli.run("token", "--user", "auditor", "--password-env", "X", "--password-stdin");

    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(keycloak.requests).isEmpty();
  }
}
