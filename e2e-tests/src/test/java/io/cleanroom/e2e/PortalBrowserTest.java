package io.cleanroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.Select;

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

  static final ObjectMapper JSON = new ObjectMapper();
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

  /** Values that must never leave the browser in plaintext. */
  static final String CANARY_DIAGNOSIS = "CANARY-DIAGNOSIS-7f3a91";

  static final String CANARY_REGION = "CANARY-REGION-c0ffee";

  /** The hospital's visits: 60 people, each band of the bank's data holds 20 of them. */
  static String visitsCsv() {
    StringBuilder csv = new StringBuilder("person_id,age,zip3,diagnosis,visit_date,cost\n");
    for (int i = 1; i <= 60; i++) {
      String diagnosis = i % 7 == 0 ? CANARY_DIAGNOSIS : "J" + (10 + i % 5);
      csv.append(i)
          .append(',')
          .append(20 + i % 50)
          .append(",\"10")
          .append(i % 3)
          .append("\",")
          .append(diagnosis)
          .append(",2026-0")
          .append(1 + i % 9)
          .append("-1")
          .append(i % 9)
          .append(',')
          .append(100 + i)
          .append('.')
          .append(i % 10)
          .append("5\n");
    }
    return csv.toString();
  }

  /** The bank's accounts of the same 60 people. */
  static String accountsCsv() {
    StringBuilder csv = new StringBuilder("person_id,income_band,region,balance\n");
    String[] bands = {"low", "middle", "high"};
    for (int i = 1; i <= 60; i++) {
      csv.append(i)
          .append(',')
          .append(bands[i % 3])
          .append(',')
          .append(i % 11 == 0 ? CANARY_REGION : "north")
          .append(',')
          .append(1000 * i)
          .append(".00\n");
    }
    return csv.toString();
  }

  /**
   * An owner seals its file in the browser, uploads it, deposits the key at its broker from the
   * page, and proposes the contract version naming the upload.
   */
  static void sealAndUpload(String who, String user, String dataset, String csv, String screenshot)
      throws IOException {
    Path file = Files.createTempDirectory(target, dataset + "-").resolve(dataset + ".csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    try (Browser b = browser(who)) {
      b.signIn(user, user + "-demo-password");
      b.open("/c/" + collab + "/datasets");
      b.await(By.id("file-" + dataset)).sendKeys(file.toAbsolutePath().toString());
      b.click(By.id("seal-" + dataset));
      String status = b.awaitText(By.id("status-" + dataset), "key deposited");
      assertThat(status).startsWith("Sealed, uploaded and key deposited (key id ");
      b.awaitText(By.id("dataset-versions"), dataset);
      b.screenshot(screenshot);
      b.click(By.id("propose-digest-" + dataset));
      b.awaitText(By.id("status-" + dataset), "Proposed a contract version naming");
    }
  }

  @Test
  @Order(2)
  void theHospitalSealsItsVisitsInTheBrowserAndDepositsTheKeyAtItsBroker() throws IOException {
    sealAndUpload("hospital", "hospital-owner", "visits", visitsCsv(), "04-dataset-sealed");
  }

  @Test
  @Order(3)
  void theBankSealsItsAccountsInTheBrowserAndDepositsTheKeyAtItsBroker() throws IOException {
    sealAndUpload("bank", "bank-owner", "accounts", accountsCsv(), "05-dataset-sealed-bank");
  }

  @Test
  @Order(4)
  void noPlaintextReachedThePortalAndTheKeysAreAtTheBroker() throws Exception {
    String token = system.keycloak.accessToken("hospital-owner", "hospital-owner-demo-password");
    HttpClient http = HttpClient.newHttpClient();
    JsonNode versions =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                system.portalUrl() + "/v1/collaborations/" + collab + "/datasets"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    assertThat(versions).hasSize(2);
    for (JsonNode v : versions) {
      byte[] sealed =
          http.send(
                  HttpRequest.newBuilder(URI.create(system.portalUrl() + v.get("blob").asText()))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .body();
      assertThat(sealed.length).isEqualTo(v.get("sizeBytes").asLong());
      assertThat(v.get("rowCount").asLong()).isEqualTo(60);
      String text = new String(sealed, StandardCharsets.ISO_8859_1);
      assertThat(text).doesNotContain(CANARY_DIAGNOSIS, CANARY_REGION, "income_band,region");
    }
    // Nothing the portal wrote (its files and its log) holds a canary.
    try (var files = Files.walk(system.portal.log().getParent())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(text).as(f.toString()).doesNotContain(CANARY_DIAGNOSIS, CANARY_REGION);
      }
    }
    // The owner's key broker holds the key of the uploaded version (deposited by the page).
    JsonNode deposit =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(system.brokerUrl().resolve("v1/keys/visits"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    String visitsKeyId = null;
    for (JsonNode v : versions) {
      if (v.get("datasetId").asText().equals("visits")) {
        visitsKeyId = v.get("keyId").asText();
      }
    }
    assertThat(deposit.get("keyId").asText()).isEqualTo(visitsKeyId);
  }

  /** An owner approves the newest contract version on the Contract tab (relayed to its broker). */
  static void approveContract(String who, String user) throws IOException {
    try (Browser b = browser(who)) {
      b.signIn(user, user + "-demo-password");
      b.open("/c/" + collab + "/contract");
      b.awaitText(By.tagName("h3"), "Version 3");
      b.click(By.id("approve-contract"));
      b.awaitText(By.id("contract-approvals"), "approved");
      if (who.equals("bank")) {
        b.awaitText(By.id("approvals-heading"), "active");
        b.screenshot("06-contract-approved");
      }
    }
  }

  @Test
  @Order(5)
  void bothOwnersApproveTheContractNamingTheirUploads() throws IOException {
    approveContract("hospital", "hospital-owner");
    approveContract("bank", "bank-owner");
  }

  @Test
  @Order(6)
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
      b.screenshot("07-query-check");
      // Checking keeps nothing.
      assertThat(b.all(By.className("proposal"))).isEmpty();

      b.click(By.id("propose-query"));
      b.awaitText(By.id("proposals"), "income_band");
      assertThat(b.all(By.className("proposal"))).hasSize(1);
      b.screenshot("07-query-proposed");
    }
  }

  @Test
  @Order(7)
  void bothOwnersApproveTheProposedQuery() throws IOException {
    for (String who : new String[] {"hospital", "bank"}) {
      try (Browser b = browser(who)) {
        b.signIn(who + "-owner", who + "-owner-demo-password");
        b.open("/c/" + collab + "/queries");
        b.awaitText(By.id("proposals"), "income_band");
        b.click(By.className("approve-query"));
        b.awaitText(By.className("proposal"), who + ": approved");
      }
    }
  }

  @Test
  @Order(8)
  void theAnalystRunsItOnTheSimulatedEnclaveAndSeesTheResultAndChart() throws IOException {
    try (Browser b = browser("analyst-run")) {
      b.signIn("research-analyst", "research-analyst-demo-password");
      b.open("/c/" + collab + "/runs");
      b.click(By.className("run-query"));
      b.awaitText(By.id("result-table"), "income_band");
      assertThat(b.driver.findElement(By.id("result-heading")).getText())
          .contains("SIMULATED — NOT CONFIDENTIAL");
      assertThat(b.all(By.cssSelector("#result-chart rect.bar"))).hasSize(3);
      // What the enclave computed from the files sealed in the browser equals the plaintext answer.
      for (var row : b.all(By.cssSelector("#result-table tbody tr"))) {
        var cells = row.findElements(By.tagName("td"));
        String band = cells.get(0).getText();
        int remainder = band.equals("low") ? 0 : band.equals("middle") ? 1 : 2;
        double sum = 0;
        int n = 0;
        for (int i = 1; i <= 60; i++) {
          if (i % 3 == remainder) {
            sum += 100 + i + (i % 10) / 10.0 + 0.05;
            n++;
          }
        }
        assertThat(Integer.parseInt(cells.get(1).getText())).isEqualTo(n);
        assertThat(Double.parseDouble(cells.get(2).getText())).isCloseTo(sum / n, within(0.01));
      }
      new Select(b.driver.findElement(By.id("chart-value"))).selectByVisibleText("avg_cost");
      b.awaitText(By.cssSelector("#result-chart .chart-title"), "avg_cost by income_band");
      b.driver.manage().window().setSize(new Dimension(1280, 1300));
      b.script("window.scrollTo(0, document.body.scrollHeight)");
      b.screenshot("08-result");

      b.click(By.id("download-csv"));
      String csv = Files.readString(b.awaitDownload("result-"), StandardCharsets.UTF_8);
      assertThat(csv.lines().findFirst()).contains("income_band,visits,avg_cost");
      assertThat(csv.lines().count()).isEqualTo(4);
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
      assertThat(all)
          .contains(
              "collaboration.created",
              "contract.proposed",
              "dataset.uploaded",
              "query.proposed",
              "contract.approved",
              "query.approved",
              "run.requested");

      b.driver.findElement(By.id("filter-event")).sendKeys("contract.proposed");
      String filtered = b.driver.findElement(By.id("log-entries")).getText();
      assertThat(filtered).contains("contract.proposed").doesNotContain("collaboration.created");

      b.click(By.id("verify-log"));
      String report = b.awaitText(By.id("verify-report"), "verified");
      assertThat(report).contains("Log verified in this browser");
      assertThat(report).contains("(the key the portal publishes at /v1/log/key)");
      b.screenshot("09-log-verified");

      // Signing out ends the Keycloak session: the portal asks to sign in again.
      b.click(By.xpath("//button[text()='Sign out']"));
      b.await(By.id("sign-in"));
      b.click(By.id("sign-in"));
      b.await(By.id("username"));
    }
  }
}
