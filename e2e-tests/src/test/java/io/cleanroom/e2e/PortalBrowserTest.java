package io.cleanroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * Issue #7 in a real browser: the people of the demo realm sign in on Keycloak's pages and do their
 * work through the portal's web UI, against the real system started from its jars. Each step is one
 * test, in order; screenshots of the key pages go to {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserTest {

  static final String HEADLINE =
      "select a.income_band, count(*) as visits, avg(v.cost) as avg_cost from visits v"
          + " join accounts a on v.person_id = a.person_id group by a.income_band";
  static final String ATTACK =
      "select person_id, sum(cost) as total from visits group by person_id";

  static Path target = Path.of("target");
  static Path screenshots = Path.of(System.getProperty("e2e.screenshots", "target/screenshots"));
  static CleanRoomSystem system;
  static String collab = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void startTheSystem() {
    system = CleanRoomSystem.start(target.resolve("e2e").toAbsolutePath());
  }

  @AfterAll
  static void stopTheSystem() {
    if (system != null) {
      system.close();
    }
  }

  static Browser browser(String who) throws IOException {
    Path dir = Files.createTempDirectory(target, "chromium-" + who + "-");
    return new Browser(
        system.portalUrl(), dir.resolve("profile"), screenshots, dir.resolve("downloads"));
  }

  static String contract() throws IOException {
    String json =
        Files.readString(
            Path.of("../examples/hospital-bank/contract.json"), StandardCharsets.UTF_8);
    return json.replace("\"hospital-bank-demo\"", "\"" + collab + "\"");
  }

  @Test
  @Order(1)
  void aDataOwnerSignsInOnKeycloakAndCreatesTheCollaborationAndItsContract() throws IOException {
    try (Browser b = browser("hospital")) {
      b.driver.get(system.portalUrl() + "/");
      b.await(By.id("sign-in"));
      assertThat(b.driver.findElement(By.className("badge-simulated")).getText())
          .isEqualTo("SIMULATED — NOT CONFIDENTIAL");
      b.click(By.id("sign-in"));
      b.await(By.id("username"));
      assertThat(b.driver.getCurrentUrl()).startsWith(system.keycloak.baseUrl().toString());
      b.screenshot("01-keycloak-sign-in");
      b.keycloakLogin("hospital-owner", "hospital-owner-demo-password");
      assertThat(b.driver.findElement(By.id("whoami-org")).getText()).contains("hospital");
      assertThat(b.driver.findElement(By.id("whoami-roles")).getText()).contains("data-owner");
      // Tokens stay in the page's memory: nothing in web storage.
      assertThat(b.script("return localStorage.length + sessionStorage.length")).isEqualTo(0L);

      b.setValue(By.id("new-collab-id"), collab);
      b.setValue(By.id("new-collab-name"), "Hospital and bank (browser test)");
      b.click(By.id("add-member"));
      b.click(By.id("add-member"));
      var orgs = b.all(By.className("member-org"));
      b.setValue(By.xpath("(//input[@class='member-org'])[2]"), "bank");
      b.setValue(By.xpath("(//input[@class='member-org'])[3]"), "research");
      assertThat(orgs).hasSize(3);
      b.all(By.className("member-role-data-owner")).get(1).click();
      b.all(By.className("member-role-analyst")).get(2).click();
      b.all(By.className("member-role-result-recipient")).get(2).click();
      b.screenshot("02-new-collaboration");
      b.click(By.id("create-collab"));
      b.awaitText(By.tagName("h1"), "Hospital and bank (browser test)");

      // A contract the portal refuses: its words are shown, nothing is kept.
      b.setValue(
          By.id("contract-editor"), "{\"version\": 1, \"collaborationId\": \"" + collab + "\"}");
      b.click(By.id("propose-contract"));
      String refusal = b.awaitText(By.cssSelector("[role=alert]"), "The contract is not valid");
      assertThat(refusal).contains("The contract is not valid:");

      b.setValue(By.id("contract-editor"), contract());
      b.click(By.id("propose-contract"));
      b.awaitText(By.id("contract-versions"), "Version 1");
      assertThat(b.driver.findElement(By.id("contract-hash")).getText()).matches("[0-9a-f]{64}");
      b.screenshot("03-contract");
    }
  }

  @Test
  @Order(2)
  void theAnalystSeesTheSchemasChecksInPlainWordsAndProposes() throws IOException {
    try (Browser b = browser("analyst")) {
      b.signIn("research-analyst", "research-analyst-demo-password");
      b.open("/c/" + collab + "/queries");
      b.awaitText(By.id("schemas-heading"), "Tables you may query");
      assertThat(b.driver.findElement(By.className("schemas")).getText())
          .contains("visits", "accounts", "income_band", "decimal(12,2)");

      b.setValue(By.id("sql"), ATTACK);
      b.click(By.id("check-query"));
      String refused = b.awaitText(By.id("check-report"), "Refused by the contract");
      assertThat(refused).isNotBlank();

      b.setValue(By.id("sql"), HEADLINE);
      b.click(By.id("check-query"));
      String accepted = b.awaitText(By.id("check-report"), "Accepted by the contract");
      assertThat(accepted).contains("fingerprint");
      b.screenshot("04-query-check");
      // Checking keeps nothing.
      assertThat(b.all(By.className("proposal"))).isEmpty();

      b.click(By.id("propose-query"));
      b.awaitText(By.id("proposals"), "income_band");
      assertThat(b.all(By.className("proposal"))).hasSize(1);
      b.screenshot("05-query-proposed");
    }
  }

  @Test
  @Order(9)
  void theComplianceOfficerReadsFiltersAndVerifiesTheLogInTheBrowser() throws IOException {
    try (Browser b = browser("auditor")) {
      b.signIn("auditor", "auditor-demo-password");
      b.open("/c/" + collab + "/log");
      b.awaitText(By.id("log-entries"), "query.proposed");
      String all = b.driver.findElement(By.id("log-entries")).getText();
      assertThat(all).contains("collaboration.created", "contract.proposed", "query.proposed");

      b.driver.findElement(By.id("filter-event")).sendKeys("contract.proposed");
      String filtered = b.driver.findElement(By.id("log-entries")).getText();
      assertThat(filtered).contains("contract.proposed").doesNotContain("collaboration.created");

      b.click(By.id("verify-log"));
      String report = b.awaitText(By.id("verify-report"), "verified");
      assertThat(report).contains("Log verified in this browser");
      assertThat(report).contains("(the key the portal publishes at /v1/log/key)");
      b.screenshot("09-log-verified");
    }
  }
}
