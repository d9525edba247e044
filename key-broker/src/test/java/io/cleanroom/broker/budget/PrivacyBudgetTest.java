package io.cleanroom.broker.budget;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.broker.SimulatedTeeResource;
import io.cleanroom.broker.TestContracts;
import io.cleanroom.broker.approval.ApprovalRecord.Decision;
import io.cleanroom.broker.approval.ApprovalRecord.Kind;
import io.cleanroom.broker.approval.Approvals;
import io.cleanroom.broker.contract.Contracts;
import io.cleanroom.broker.custody.KeyCustody;
import io.cleanroom.broker.log.BrokerLogKey;
import io.cleanroom.broker.log.ReleaseLog;
import io.cleanroom.broker.log.ReleaseLogEntry;
import io.cleanroom.broker.log.SignedLogEntry;
import io.cleanroom.broker.release.EnclaveDriver;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.query.contract.DatasetSpec;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No budget, no key: releases of differentially private datasets charged to their owners' budgets
 * in PostgreSQL until one is spent, then refused with {@code BUDGET_EXHAUSTED} (logged and signed
 * with the epsilon asked and left); the balance kept in the database only; parallel releases that
 * never overspend; non-private datasets never charged; the same epsilon as the query engine's; and
 * who sees which budgets through {@code GET /v1/budgets} with real Keycloak tokens.
 */
@QuarkusTest
@QuarkusTestResource(value = SimulatedTeeResource.class, restrictToAnnotatedClass = true)
class PrivacyBudgetTest {

  static final byte[] MEASUREMENT = new byte[48]; // the example contract allows 00…00
  static final SecureRandom RANDOM = new SecureRandom();

  @Inject Contracts contracts;
  @Inject KeyCustody custody;
  @Inject Approvals approvals;
  @Inject PrivacyBudgets budgets;
  @Inject ReleaseLog releaseLog;
  @Inject BrokerLogKey logKey;

  EnclaveDriver enclave;

  @BeforeEach
  void keys() {
    deposit("hospital", "visits");
    deposit("bank", "accounts");
    enclave = new EnclaveDriver(SimulatedTeeResource.tee(), MEASUREMENT);
  }

  @Test
  void chargesEachReleaseUntilTheBudgetIsSpentThenReleasesNothing() {
    Contract c = approved(new double[] {0.3, 1.0}, null);
    String fp = approvedQuery(c);

    for (String left : List.of("0.7", "0.4", "0.1")) {
      enclave.release(c.id(), fp, List.of("visits")).then().statusCode(200);
      ReleaseLogEntry e = releaseLog.query(null, c.id(), 1).get(0);
      assertThat(e.outcome).isEqualTo("RELEASED");
      assertThat(PrivacyBudgets.plain(e.epsilon)).isEqualTo("0.3");
      assertThat(e.epsilonLeft).isEqualTo("{\"hospital\":\"" + left + "\"}");
      JsonNode signed = newestSignedEntry();
      assertThat(signed.get("event").asText()).isEqualTo("key.released");
      assertThat(signed.get("epsilon").asText()).isEqualTo("0.3");
      assertThat(signed.get("epsilonLeft").get("hospital").asText()).isEqualTo(left);
    }

    Response refused = enclave.release(c.id(), fp, List.of("visits"));
    refused.then().statusCode(403);
    assertThat(refused.asString()).isEqualTo("{\"error\":\"BUDGET_EXHAUSTED\"}");
    ReleaseLogEntry e = releaseLog.query(null, c.id(), 1).get(0);
    assertThat(e.outcome).isEqualTo("REFUSED");
    assertThat(e.errorCode).isEqualTo("BUDGET_EXHAUSTED");
    assertThat(e.reason)
        .contains("needs epsilon 0.3 from each of hospital")
        .contains("hospital 0.1")
        .contains("nothing was charged");
    assertThat(e.epsilonLeft).isEqualTo("{\"hospital\":\"0.1\"}");
    JsonNode signed = newestSignedEntry();
    assertThat(signed.get("event").asText()).isEqualTo("key.refused");
    assertThat(signed.get("errorCode").asText()).isEqualTo("BUDGET_EXHAUSTED");
    assertThat(signed.get("epsilon").asText()).isEqualTo("0.3");
    assertThat(signed.get("epsilonLeft").get("hospital").asText()).isEqualTo("0.1");
    assertThat(signed.toString()).doesNotContain(e.reason);

    PrivacyBudgets.OwnerBudget hospital = budgets.budgets(c, Optional.of("hospital")).get(0);
    assertThat(PrivacyBudgets.plain(hospital.spent())).isEqualTo("0.9");
    assertThat(PrivacyBudgets.plain(hospital.remaining())).isEqualTo("0.1");
    assertThat(hospital.charges()).isEqualTo(3);
  }

  @Test
  void theBalanceIsInTheDatabaseAndSurvivesARestart() {
    Contract c = approved(new double[] {0.25, 0.5}, null);
    String fp = approvedQuery(c);
    enclave.release(c.id(), fp, List.of("visits")).then().statusCode(200);
    enclave.release(c.id(), fp, List.of("visits")).then().statusCode(200);

    // As a new process would: a new ledger and the contract parsed again from the stored JSON.
    PrivacyBudgets fresh = new PrivacyBudgets();
    fresh.clock = Clock.systemUTC();
    Contract reread = ContractParser.parse(contracts.json(c.id()).orElseThrow());
    List<DatasetSpec> visits = List.of(reread.dataset("visits").orElseThrow());
    PrivacyBudgets.Debit debit =
        QuarkusTransaction.requiringNew().call(() -> fresh.debit(reread, visits).orElseThrow());
    assertThat(debit.granted()).isFalse();
    assertThat(debit.left()).containsOnlyKeys("hospital");
    assertThat(debit.left().get("hospital")).isEqualByComparingTo("0");
    PrivacyBudgets.OwnerBudget b =
        QuarkusTransaction.requiringNew()
            .call(() -> fresh.budgets(reread, Optional.empty()).get(0));
    assertThat(PrivacyBudgets.plain(b.spent())).isEqualTo("0.5");
    assertThat(b.charges()).isEqualTo(2);

    Response r = enclave.release(c.id(), fp, List.of("visits"));
    assertThat(r.jsonPath().getString("error")).isEqualTo("BUDGET_EXHAUSTED");
  }

  @Test
  void parallelReleasesNeverOverspend() throws Exception {
    Contract c = approved(new double[] {0.1, 1.0}, null);
    String fp = approvedQuery(c);
    int requests = 16;
    List<Future<Integer>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < requests; i++) {
        EnclaveDriver own = new EnclaveDriver(SimulatedTeeResource.tee(), MEASUREMENT);
        answers.add(
            pool.submit(
                () -> own.release(c.id(), fp, List.of("visits")).then().extract().statusCode()));
      }
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> f : answers) {
      statuses.add(f.get());
    }

    assertThat(statuses).filteredOn(s -> s == 200).hasSize(10);
    assertThat(statuses).filteredOn(s -> s == 403).hasSize(requests - 10);
    List<ReleaseLogEntry> logged = releaseLog.query(null, c.id(), 100);
    assertThat(logged).hasSize(requests);
    BigDecimal charged =
        logged.stream()
            .filter(e -> e.outcome.equals("RELEASED"))
            .map(e -> e.epsilon)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(charged).isEqualByComparingTo("1.0");
    assertThat(logged)
        .filteredOn(e -> e.outcome.equals("REFUSED"))
        .allSatisfy(e -> assertThat(e.errorCode).isEqualTo("BUDGET_EXHAUSTED"));
    PrivacyBudgets.OwnerBudget b = budgets.budgets(c, Optional.empty()).get(0);
    assertThat(b.spent()).isEqualByComparingTo("1.0");
    assertThat(b.charges()).isEqualTo(10);
  }

  @Test
  void nonPrivateDatasetsAreNeverCharged() {
    Contract c = approved(new double[] {0.5, 1.0}, null);
    String fp = approvedQuery(c);

    enclave.release(c.id(), fp, List.of("accounts")).then().statusCode(200);
    ReleaseLogEntry e = releaseLog.query(null, c.id(), 1).get(0);
    assertThat(e.outcome).isEqualTo("RELEASED");
    assertThat(e.epsilon).isNull();
    assertThat(e.epsilonLeft).isNull();
    assertThat(newestSignedEntry().has("epsilon")).isFalse();
    PrivacyBudgets.OwnerBudget hospital = budgets.budgets(c, Optional.empty()).get(0);
    assertThat(hospital.spent()).isEqualByComparingTo("0");
    assertThat(hospital.charges()).isZero();

    // A contract without differential privacy has no budgets at all.
    Contract plain = contracts.register(TestContracts.hospitalBank(), "test");
    assertThat(budgets.budgets(plain, Optional.empty())).isEmpty();
  }

  @Test
  void aMixedQueryChargesOnlyThePrivateDatasetsOwnerWithTheQueryEnginesEpsilon() {
    Contract c = approved(new double[] {0.3, 1.0}, null);
    String fp = approvedQuery(c);

    enclave.release(c.id(), fp, List.of("visits", "accounts")).then().statusCode(200);

    ReleaseLogEntry e = releaseLog.query(null, c.id(), 1).get(0);
    assertThat(e.epsilonLeft).isEqualTo("{\"hospital\":\"0.7\"}");
    assertThat(PrivacyBudgets.plain(e.epsilon)).isEqualTo(enginesEpsilon(c));
    assertThat(budgets.budgets(c, Optional.of("bank"))).isEmpty();
  }

  @Test
  void twoPrivateOwnersArePaidTheSmallerEpsilonOrNeitherIs() {
    Contract c = approved(new double[] {0.3, 1.0}, new double[] {0.2, 0.5});
    String fp = approvedQuery(c);

    enclave.release(c.id(), fp, List.of("visits", "accounts")).then().statusCode(200);
    assertThat(newestSignedEntry().get("epsilon").asText()).isEqualTo(enginesEpsilon(c));
    enclave.release(c.id(), fp, List.of("visits", "accounts")).then().statusCode(200);
    ReleaseLogEntry second = releaseLog.query(null, c.id(), 1).get(0);
    assertThat(second.epsilonLeft).isEqualTo("{\"bank\":\"0.1\",\"hospital\":\"0.6\"}");

    Response r = enclave.release(c.id(), fp, List.of("visits", "accounts"));
    assertThat(r.jsonPath().getString("error")).isEqualTo("BUDGET_EXHAUSTED");
    // The bank is short, so the hospital is not charged either.
    Map<String, BigDecimal> spent = new java.util.TreeMap<>();
    budgets.budgets(c, Optional.empty()).forEach(b -> spent.put(b.owner(), b.spent()));
    assertThat(spent.get("hospital")).isEqualByComparingTo("0.4");
    assertThat(spent.get("bank")).isEqualByComparingTo("0.4");
    // The hospital's dataset alone still costs its own epsilon, from the hospital only.
    enclave.release(c.id(), fp, List.of("visits")).then().statusCode(200);
    assertThat(releaseLog.query(null, c.id(), 1).get(0).epsilonLeft)
        .isEqualTo("{\"hospital\":\"0.3\"}");
  }

  @Test
  void ownersSeeOnlyTheirOwnBudgetsAndComplianceOfficersSeeAll() {
    Contract c = approved(new double[] {0.3, 1.0}, new double[] {0.2, 0.5});
    String fp = approvedQuery(c);
    enclave.release(c.id(), fp, List.of("visits", "accounts")).then().statusCode(200);

    JsonNode hospital =
        budgetsAs("hospital-owner", c.id()).then().statusCode(200).extract().as(JsonNode.class);
    assertThat(hospital).hasSize(1);
    JsonNode h = hospital.get(0);
    assertThat(h.get("owner").asText()).isEqualTo("hospital");
    assertThat(h.get("epsilonPerQuery").get("visits").asText()).isEqualTo("0.3");
    assertThat(h.get("totalEpsilon").asText()).isEqualTo("1");
    assertThat(h.get("spentEpsilon").asText()).isEqualTo("0.2");
    assertThat(h.get("remainingEpsilon").asText()).isEqualTo("0.8");
    assertThat(h.get("releasesCharged").asLong()).isEqualTo(1);

    JsonNode bank =
        budgetsAs("bank-owner", c.id()).then().statusCode(200).extract().as(JsonNode.class);
    assertThat(bank).hasSize(1);
    assertThat(bank.get(0).get("owner").asText()).isEqualTo("bank");
    assertThat(bank.get(0).get("remainingEpsilon").asText()).isEqualTo("0.3");

    JsonNode all = budgetsAs("auditor", c.id()).then().statusCode(200).extract().as(JsonNode.class);
    assertThat(all).hasSize(2);
    assertThat(all.get(0).get("owner").asText()).isEqualTo("bank");
    assertThat(all.get(1).get("owner").asText()).isEqualTo("hospital");

    assertThat(budgetsAs("research-analyst", c.id()).jsonPath().getString("error"))
        .isEqualTo("ROLE_REQUIRED");
    assertThat(budgetsAs("auditor", "ab".repeat(32)).jsonPath().getString("error"))
        .isEqualTo("CONTRACT_UNKNOWN");
    given()
        .auth()
        .oauth2(KeycloakTestResource.token("auditor"))
        .get("/v1/budgets")
        .then()
        .statusCode(400);
    given().get("/v1/budgets?contractHash=" + c.id()).then().statusCode(401);
  }

  // --- helpers ---

  /** A new contract with these budgets, registered and approved by both owners. */
  Contract approved(double[] visits, double[] accounts) {
    String collaboration = "dp-" + HexFormat.of().formatHex(random(6));
    Contract c =
        contracts.register(
            TestContracts.hospitalBankWithDp(collaboration, visits, accounts), "test");
    decide(c, Kind.CONTRACT, null, "hospital");
    decide(c, Kind.CONTRACT, null, "bank");
    return c;
  }

  String approvedQuery(Contract c) {
    String fp = HexFormat.of().formatHex(random(32));
    decide(c, Kind.QUERY, fp, "hospital");
    decide(c, Kind.QUERY, fp, "bank");
    return fp;
  }

  void decide(Contract c, Kind kind, String fp, String org) {
    approvals.decide(
        c,
        new Approvals.Request(
            kind, c.id(), Optional.ofNullable(fp), Decision.APPROVED, Optional.empty()),
        org,
        org + "-owner",
        "jwt:test");
  }

  void deposit(String org, String dataset) {
    try (DatasetKey k = DatasetKey.generate()) {
      custody.deposit(org, dataset, k, org + "-owner");
    }
  }

  /** The epsilon the enclave's query engine spends on a query joining both datasets. */
  static String enginesEpsilon(Contract c) {
    var report =
        new QueryChecker(c)
            .check(
                "select a.income_band, count(*) as n from visits v join accounts a"
                    + " on v.person_id = a.person_id group by a.income_band")
            .report();
    assertThat(report.allowed()).as("%s", report.refusals()).isTrue();
    // The receipt's epsilonSpent is written exactly so (the enclave's RunJob).
    return BigDecimal.valueOf(report.differentialPrivacy().orElseThrow().epsilon()).toPlainString();
  }

  /** The newest entry of the broker's signed log, verified with its log key. */
  JsonNode newestSignedEntry() {
    SignedLogEntry s =
        QuarkusTransaction.requiringNew()
            .call(
                () -> SignedLogEntry.<SignedLogEntry>find("order by sequence desc").firstResult());
    return LogEntries.BROKER.verify(s.signedEntry, logKey.signingKey().publicKey()).receipt();
  }

  static Response budgetsAs(String user, String contractHash) {
    return given()
        .auth()
        .oauth2(KeycloakTestResource.token(user))
        .get("/v1/budgets?contractHash=" + contractHash);
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
