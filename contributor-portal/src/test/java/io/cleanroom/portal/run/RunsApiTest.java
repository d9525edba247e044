package io.cleanroom.portal.run;

import static io.cleanroom.portal.PortalTestSupport.ANALYST;
import static io.cleanroom.portal.PortalTestSupport.AUDITOR;
import static io.cleanroom.portal.PortalTestSupport.BANK;
import static io.cleanroom.portal.PortalTestSupport.HOSPITAL;
import static io.cleanroom.portal.PortalTestSupport.as;
import static io.cleanroom.portal.PortalTestSupport.create;
import static io.cleanroom.portal.PortalTestSupport.demoMembers;
import static io.cleanroom.portal.PortalTestSupport.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.crypto.receipt.Receipts;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.cleanroom.testing.services.BrokerApi;
import io.cleanroom.testing.services.HospitalBankData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Approvals relayed to the real key broker with the owners' own tokens, and runs started by the
 * portal on the real enclave service (simulated TEE) reading its inputs from the portal's blobs: an
 * unapproved query gets no key, an approved one answers what the plaintext says; only result
 * recipients read it, and every download is logged.
 */
@QuarkusTest
@QuarkusTestResource(KeycloakTestResource.class)
@QuarkusTestResource(value = RealServices.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunsApiTest {

  private static HospitalBankData data;
  private static String id;
  private static String hash;
  private static String queryId;
  private static String fingerprint;

  private static String base() {
    return "/v1/collaborations/" + id;
  }

  /** The hospital-bank collaboration with both sealed files uploaded and both keys deposited. */
  private static synchronized void setUp() throws Exception {
    if (data != null) {
      return;
    }
    data = HospitalBankData.create(Files.createTempDirectory(Path.of("target"), "runs-data"));
    id = ContractParser.parse(data.contract).collaborationId();
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    hash =
        as(HOSPITAL)
            .contentType(ContentType.JSON)
            .body(data.contract)
            .post(base() + "/contracts")
            .then()
            .statusCode(201)
            .extract()
            .path("contractHash");
    upload(HOSPITAL, "visits", data.visits);
    upload(BANK, "accounts", data.accounts);
    BrokerApi broker =
        new BrokerApi(
            URI.create(System.getProperty("portal.test.broker") + "/"),
            KeycloakTestResource::token);
    broker.deposit(HOSPITAL, "visits", data.keys.get("visits"));
    broker.deposit(BANK, "accounts", data.keys.get("accounts"));
    Response q =
        as(ANALYST)
            .contentType(ContentType.JSON)
            .body(Map.of("contractHash", hash, "sql", HospitalBankData.APPROVED_SQL))
            .post(base() + "/queries");
    q.then().statusCode(201);
    queryId = q.path("id");
    fingerprint = q.path("fingerprint");
  }

  private static void upload(String user, String dataset, Path file) throws Exception {
    as(user)
        .contentType("application/octet-stream")
        .body(Files.readAllBytes(file))
        .put(base() + "/datasets/" + dataset)
        .then()
        .statusCode(201);
  }

  private static Response decide(String user, String kind, String decision) {
    Map<String, Object> body =
        kind.equals("query")
            ? Map.of(
                "kind", kind,
                "contractHash", hash,
                "queryFingerprint", fingerprint,
                "decision", decision)
            : Map.of("kind", kind, "contractHash", hash, "decision", decision);
    return as(user).contentType(ContentType.JSON).body(body).post(base() + "/approvals");
  }

  private static Response startRun(String user) {
    return as(user)
        .contentType(ContentType.JSON)
        .body(Map.of("queryId", queryId))
        .post(base() + "/runs");
  }

  private static JsonNode awaitEnd(String runId) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      JsonNode run =
          CanonicalJson.parse(
              as(ANALYST)
                  .get(base() + "/runs/" + runId)
                  .then()
                  .statusCode(200)
                  .extract()
                  .asString());
      String status = run.get("status").asText();
      if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
        return run;
      }
      assertThat(System.nanoTime()).as("run %s still %s", runId, status).isLessThan(end);
      Thread.sleep(300);
    }
  }

  /** The log's entries, each verified, as (signer, event) pairs with their bodies. */
  private static List<JsonNode> logEntries() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e :
        CanonicalJson.parse(as(AUDITOR).get(base() + "/log/entries?start=0").asString())) {
      byte[] bytes = CanonicalJson.toBytes(e.get("entry"));
      out.add(LogEntries.kindOf(bytes).orElseThrow().verify(bytes).receipt());
    }
    return out;
  }

  @Test
  @Order(1)
  void ownersApproveTheContractThroughTheirBrokerWithTheirOwnTokens() throws Exception {
    setUp();
    JsonNode before = CanonicalJson.parse(as(BANK).get(base() + "/contracts/" + hash).asString());
    assertThat(before.get("active").asBoolean()).isFalse();
    assertThat(before.get("approvals").toString()).isEqualTo("{\"bank\":null,\"hospital\":null}");

    // An analyst cannot approve; a data owner of another kind of input is checked by the broker.
    problem(decide(ANALYST, "contract", "approved"), 403, "ROLE_REQUIRED");
    Response r = decide(HOSPITAL, "contract", "approved");
    r.then().statusCode(201);
    assertThat(r.<String>path("decision")).isEqualTo("approved");
    decide(BANK, "contract", "approved").then().statusCode(201);

    JsonNode after = CanonicalJson.parse(as(BANK).get(base() + "/contracts/" + hash).asString());
    assertThat(after.get("approvals").toString())
        .isEqualTo("{\"bank\":\"approved\",\"hospital\":\"approved\"}");
    assertThat(after.get("active").asBoolean()).isTrue();
    // The decisions shown are the broker's signed entries in the collaboration's log.
    JsonNode decisions =
        CanonicalJson.parse(as(AUDITOR).get(base() + "/approvals?contractHash=" + hash).asString());
    assertThat(decisions.findValuesAsText("org")).containsExactly("hospital", "bank");
    assertThat(logEntries())
        .filteredOn(e -> e.path("format").asText().equals(LogEntries.BROKER.format()))
        .extracting(e -> e.get("event").asText() + " " + e.get("org").asText())
        .containsExactly("contract.approved hospital", "contract.approved bank");
  }

  @Test
  @Order(2)
  void aQueryTheOwnersHaveNotApprovedGetsNoKey() throws Exception {
    setUp();
    problem(startRun(HOSPITAL), 403, "ROLE_REQUIRED");
    Response r = startRun(ANALYST);
    r.then().statusCode(202);
    JsonNode run = awaitEnd(r.path("id"));
    assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("FAILED");
    assertThat(run.path("error").path("code").asText()).isEqualTo("KEY_RELEASE_REFUSED");
    assertThat(run.get("simulated").asBoolean()).isTrue();
    problem(
        as(ANALYST).get(base() + "/runs/" + run.get("id").asText() + "/result"), 409, "CONFLICT");
  }

  @Test
  @Order(3)
  void anApprovedQueryRunsAndOnlyRecipientsReadTheResultEachDownloadLogged() throws Exception {
    setUp();
    // Only the owners of the datasets the query reads decide on it; a fingerprint nobody
    // proposed here is unknown.
    problem(
        as(HOSPITAL)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "kind",
                    "query",
                    "contractHash",
                    hash,
                    "queryFingerprint",
                    "ab".repeat(32),
                    "decision",
                    "approved"))
            .post(base() + "/approvals"),
        404,
        "NOT_FOUND");
    decide(HOSPITAL, "query", "approved").then().statusCode(201);
    JsonNode half = CanonicalJson.parse(as(ANALYST).get(base() + "/queries/" + queryId).asString());
    assertThat(half.get("approved").asBoolean()).isFalse();
    decide(BANK, "query", "approved").then().statusCode(201);
    JsonNode q = CanonicalJson.parse(as(ANALYST).get(base() + "/queries/" + queryId).asString());
    assertThat(q.get("approvals").toString())
        .isEqualTo("{\"bank\":\"approved\",\"hospital\":\"approved\"}");
    assertThat(q.get("approved").asBoolean()).isTrue();

    Response started = startRun(ANALYST);
    started.then().statusCode(202);
    String runId = started.path("id");
    JsonNode run = awaitEnd(runId);
    assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.get("recipient").asBoolean()).isTrue();

    // Owners are no recipients of this contract: they see the run, not its result.
    JsonNode seenByOwner =
        CanonicalJson.parse(as(HOSPITAL).get(base() + "/runs/" + runId).asString());
    assertThat(seenByOwner.get("recipient").asBoolean()).isFalse();
    problem(as(HOSPITAL).get(base() + "/runs/" + runId + "/result"), 403, "NOT_A_RECIPIENT");
    problem(as(HOSPITAL).get(base() + "/runs/" + runId + "/receipt"), 403, "NOT_A_RECIPIENT");

    String json =
        as(ANALYST)
            .get(base() + "/runs/" + runId + "/result")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    JsonNode result = CanonicalJson.parse(json);
    List<String> bands = new ArrayList<>();
    for (JsonNode row : result.get("rows")) {
      Object[] want = data.expected.get(row.get(0).asText());
      assertThat(want).as("group %s", row.get(0)).isNotNull();
      assertThat(row.get(1).asLong()).isEqualTo((Long) want[0]);
      assertThat(new BigDecimal(row.get(2).asText())).isEqualByComparingTo((BigDecimal) want[1]);
      bands.add(row.get(0).asText());
    }
    assertThat(bands).containsExactlyInAnyOrderElementsOf(data.expected.keySet());
    assertThat(json).doesNotContain(data.canary);

    String csv =
        as(ANALYST)
            .accept("text/csv")
            .get(base() + "/runs/" + runId + "/result")
            .then()
            .statusCode(200)
            .contentType(org.hamcrest.Matchers.startsWith("text/csv"))
            .extract()
            .asString();
    String[] lines = csv.split("\r\n");
    assertThat(lines[0]).isEqualTo("income_band,n,total_cost");
    assertThat(lines).hasSize(1 + data.expected.size());

    // The receipt, byte for byte as the enclave signed it, names this result.
    byte[] receipt =
        as(AUDITOR)
            .get(base() + "/runs/" + runId + "/receipt")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    String enclaveKey =
        io.restassured.RestAssured.given()
            .get(System.getProperty("portal.test.enclave") + "/v1/attestation")
            .then()
            .statusCode(200)
            .extract()
            .path("signingKey");
    JsonNode signed = Receipts.verify(receipt, Base64.getUrlDecoder().decode(enclaveKey)).receipt();
    assertThat(signed.get("outputDigest").asText())
        .isEqualTo(Digests.hex(Digests.sha256(CanonicalJson.toBytes(result))))
        .isEqualTo(run.get("outputDigest").asText());
    assertThat(signed.get("queryFingerprint").asText()).isEqualTo(fingerprint);

    List<JsonNode> portal =
        logEntries().stream()
            .filter(e -> e.path("format").asText().equals(LogEntries.PORTAL.format()))
            .toList();
    assertThat(portal)
        .filteredOn(e -> e.get("event").asText().equals("run.requested"))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.get("queryFingerprint").asText()).isEqualTo(fingerprint));
    assertThat(portal)
        .filteredOn(e -> e.get("event").asText().equals("result.downloaded"))
        .extracting(e -> e.get("mediaType").asText() + " " + e.get("org").asText())
        .containsExactly("application/json research", "text/csv research");
    assertThat(portal.toString()).doesNotContain(data.canary);
  }

  @Test
  @Order(4)
  void aRefusedProposalCannotRunAndAnUnknownOneIsNotFound() throws Exception {
    setUp();
    Response refused =
        as(ANALYST)
            .contentType(ContentType.JSON)
            .body(Map.of("contractHash", hash, "sql", "select person_id from accounts"))
            .post(base() + "/queries");
    refused.then().statusCode(201);
    assertThat(refused.<Boolean>path("allowed")).isFalse();
    problem(
        as(ANALYST)
            .contentType(ContentType.JSON)
            .body(Map.of("queryId", refused.<String>path("id")))
            .post(base() + "/runs"),
        409,
        "QUERY_NOT_RUNNABLE");
    problem(
        as(ANALYST)
            .contentType(ContentType.JSON)
            .body(Map.of("queryId", "00000000-0000-0000-0000-000000000000"))
            .post(base() + "/runs"),
        404,
        "NOT_FOUND");
    problem(
        as(BANK)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "kind",
                    "query",
                    "contractHash",
                    hash,
                    "queryFingerprint",
                    refused.<String>path("fingerprint"),
                    "decision",
                    "approved"))
            .post(base() + "/approvals"),
        409,
        "QUERY_NOT_RUNNABLE");
  }

  @Test
  @Order(5)
  void aComplianceOfficerReadsEverythingAndChangesNothing() throws Exception {
    setUp();
    problem(
        as(AUDITOR).contentType(ContentType.JSON).body(data.contract).post(base() + "/contracts"),
        403,
        "ROLE_REQUIRED");
    problem(
        as(AUDITOR)
            .contentType("application/octet-stream")
            .body(Files.readAllBytes(data.visits))
            .put(base() + "/datasets/visits"),
        403,
        "ROLE_REQUIRED");
    problem(
        as(AUDITOR)
            .contentType(ContentType.JSON)
            .body(Map.of("size", 10))
            .post(base() + "/datasets/visits/uploads"),
        403,
        "ROLE_REQUIRED");
    problem(
        as(AUDITOR)
            .contentType(ContentType.JSON)
            .body(Map.of("contractHash", hash, "sql", HospitalBankData.APPROVED_SQL))
            .post(base() + "/queries"),
        403,
        "ROLE_REQUIRED");
    problem(decide(AUDITOR, "contract", "rejected"), 403, "ROLE_REQUIRED");
    problem(startRun(AUDITOR), 403, "ROLE_REQUIRED");
    // ...and sees the runs, their receipts and the log, but no result: it is no recipient.
    JsonNode runs = CanonicalJson.parse(as(AUDITOR).get(base() + "/runs").asString());
    assertThat(runs).isNotEmpty();
    String succeeded = null;
    for (JsonNode r : runs) {
      if (r.get("status").asText().equals("SUCCEEDED")) {
        succeeded = r.get("id").asText();
      }
    }
    assertThat(succeeded).isNotNull();
    as(AUDITOR).get(base() + "/runs/" + succeeded + "/receipt").then().statusCode(200);
    problem(as(AUDITOR).get(base() + "/runs/" + succeeded + "/result"), 403, "NOT_A_PARTY");
  }
}
