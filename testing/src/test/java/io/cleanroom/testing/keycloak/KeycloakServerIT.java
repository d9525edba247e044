package io.cleanroom.testing.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Starts a real Keycloak with the demo realm and checks the tokens it issues. */
class KeycloakServerIT {

  private static KeycloakServer keycloak;

  @BeforeAll
  static void startKeycloak() {
    long start = System.nanoTime();
    keycloak = KeycloakServer.startOrConnect(Path.of("target", "keycloak"));
    System.out.printf("Keycloak available in %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  @AfterAll
  static void stopKeycloak() {
    if (keycloak != null) {
      keycloak.close();
    }
  }

  @Test
  void hospitalOwnerIsDataOwnerOfHospital() throws IOException {
    JsonNode claims = claimsOf("hospital-owner");

    assertThat(claims.path("iss").asText()).isEqualTo(keycloak.issuerUrl().toString());
    assertThat(claims.path("azp").asText()).isEqualTo(KeycloakServer.CLIENT_ID);
    assertThat(claims.path("preferred_username").asText()).isEqualTo("hospital-owner");
    assertThat(realmRoles(claims)).contains("data-owner").doesNotContain("analyst", "admin");
    assertThat(claims.path("organization").isArray()).isTrue();
    assertThat(texts(claims.path("organization"))).containsExactly("hospital");
  }

  @Test
  void researchAnalystIsAnalystOfResearch() throws IOException {
    JsonNode claims = claimsOf("research-analyst");

    assertThat(realmRoles(claims)).contains("analyst").doesNotContain("data-owner");
    assertThat(texts(claims.path("organization"))).containsExactly("research");
  }

  @Test
  void auditorIsComplianceOfficerOfNoOrganization() throws IOException {
    JsonNode claims = claimsOf("auditor");

    assertThat(realmRoles(claims)).contains("compliance-officer").doesNotContain("data-owner");
    assertThat(texts(claims.path("organization"))).isEmpty();
  }

  @Test
  void bankOwnerIsDataOwnerOfBank() throws IOException {
    JsonNode claims = claimsOf("bank-owner");

    assertThat(realmRoles(claims)).contains("data-owner");
    assertThat(texts(claims.path("organization"))).containsExactly("bank");
  }

  @Test
  void adminIsAdminOfNoOrganization() throws IOException {
    JsonNode claims = claimsOf("admin");

    assertThat(realmRoles(claims)).contains("admin").doesNotContain("data-owner", "analyst");
    assertThat(texts(claims.path("organization"))).isEmpty();
  }

  @Test
  void refusesWrongPassword() {
    assertThatThrownBy(() -> keycloak.accessToken("hospital-owner", "not-the-password"))
        .isInstanceOfSatisfying(
            TokenRefusedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.error()).isEqualTo("invalid_grant");
              assertThat(e.getMessage())
                  .contains("hospital-owner")
                  .doesNotContain("not-the-password");
            });
  }

  private static JsonNode claimsOf(String username) throws IOException {
    String jwt = keycloak.accessToken(username, username + "-demo-password");
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
  }

  private static List<String> realmRoles(JsonNode claims) {
    return texts(claims.path("realm_access").path("roles"));
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
