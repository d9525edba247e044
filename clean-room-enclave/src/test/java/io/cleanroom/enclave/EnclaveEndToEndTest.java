package io.cleanroom.enclave;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.receipt.ReceiptCheck;
import io.cleanroom.attestation.receipt.ReceiptVerifier;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.dataset.SealedDatasetReader;
import io.cleanroom.crypto.hpke.EnclavePublicKey;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.receipt.EnclaveIdentityBinding;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.crypto.receipt.Receipts;
import io.cleanroom.crypto.receipt.VerifiedReceipt;
import io.cleanroom.enclave.support.Env;
import io.cleanroom.enclave.support.SimulatedEnclaveProfile;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.testing.ArrowTables;
import io.cleanroom.testing.DuckDbPeer;
import io.cleanroom.testing.services.BrokerApi;
import io.cleanroom.testing.services.HospitalBankData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The enclave end to end on the simulated TEE with real parts: a key broker process (H2, Keycloak
 * tokens, the simulator's root trusted), sealed hospital and bank datasets whose keys the owners
 * deposited, a contract both approved, and one approved query.
 */
@QuarkusTest
@TestProfile(SimulatedEnclaveProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnclaveEndToEndTest {

  /** Every response body the tests saw, for the canary check. */
  private static final StringBuilder RESPONSES = new StringBuilder();

  private static String contractHash;
  private static String approvedFingerprint;

  private static synchronized void setUp() {
    if (contractHash != null) {
      return;
    }
    HospitalBankData data = Env.data();
    BrokerApi broker = new BrokerApi(Env.broker().url(), Env::token);
    broker.deposit("hospital-owner", "visits", data.keys.get("visits"));
    broker.deposit("bank-owner", "accounts", data.keys.get("accounts"));
    contractHash = broker.register("hospital-owner", data.contract);
    assertThat(contractHash).isEqualTo(ContractParser.parse(data.contract).id());
    broker.approveContract("hospital-owner", contractHash);
    broker.approveContract("bank-owner", contractHash);
    approvedFingerprint = fingerprint(HospitalBankData.APPROVED_SQL);
    broker.approveQuery("hospital-owner", contractHash, approvedFingerprint);
    broker.approveQuery("bank-owner", contractHash, approvedFingerprint);
  }

  private static String fingerprint(String sql) {
    return new QueryChecker(ContractParser.parse(Env.data().contract))
        .check(sql)
        .report()
        .fingerprint()
        .orElseThrow();
  }

  @Test
  @Order(1)
  void theAttestationEndpointSaysSimulatedAndItsEvidenceBindsBothKeys() {
    JsonNode a = get("/v1/attestation");

    assertThat(a.get("simulated").asBoolean()).isTrue();
    assertThat(a.get("notice").asText()).contains("SIMULATED — NOT CONFIDENTIAL");
    assertThat(a.get("tee").asText()).isEqualTo("sim");
    assertThat(a.path("selfCheck").path("verified").asBoolean()).isTrue();
    byte[] signingKey = Base64.getUrlDecoder().decode(a.get("signingKey").asText());
    EnclavePublicKey hpke = EnclavePublicKey.fromBase64Url(a.get("hpkePublicKey").asText());
    assertThat(reportDataOf(a.get("evidence")))
        .isEqualTo(HexFormat.of().formatHex(EnclaveIdentityBinding.reportData(hpke, signingKey)));

    String nonce = "bm9uY2UtZnJvbS1hLXZlcmlmaWVy";
    JsonNode fresh = get("/v1/attestation?nonce=" + nonce);
    assertThat(reportDataOf(fresh.get("freshEvidence")))
        .isEqualTo(
            HexFormat.of().formatHex(EnclaveIdentityBinding.reportData(hpke, signingKey, nonce)));
    given().get("/v1/attestation?nonce=short").then().statusCode(400);
  }

  @Test
  @Order(2)
  void anApprovedQueryAnswersWhatThePlaintextSaysAfterSuppressionWithAVerifiableReceipt()
      throws IOException {
    setUp();
    HospitalBankData data = Env.data();

    JsonNode run =
        runToEnd(request(HospitalBankData.APPROVED_SQL, approvedFingerprint, data.visits));

    assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.get("simulated").asBoolean()).isTrue();
    assertThat(run.get("phase").asText()).isEqualTo("DONE");
    assertThat(run.path("progress").path("step").asInt())
        .isEqualTo(run.path("progress").path("steps").asInt());
    JsonNode result = run.get("result");
    List<String> bands = new ArrayList<>();
    for (JsonNode row : result.get("rows")) {
      String band = row.get(0).asText();
      bands.add(band);
      Object[] want = data.expected.get(band);
      assertThat(want).as("group %s", band).isNotNull();
      assertThat(row.get(1).asLong()).isEqualTo((Long) want[0]);
      assertThat(new BigDecimal(row.get(2).asText())).isEqualByComparingTo((BigDecimal) want[1]);
    }
    assertThat(bands).containsExactlyInAnyOrderElementsOf(data.expected.keySet());

    byte[] receipt = receiptBytes(run.get("id").asText());
    JsonNode att = get("/v1/attestation");
    VerifiedReceipt v =
        Receipts.verify(receipt, Base64.getUrlDecoder().decode(att.get("signingKey").asText()));
    JsonNode r = v.receipt();
    assertThat(r.get("contractHash").asText()).isEqualTo(contractHash);
    assertThat(r.get("queryFingerprint").asText()).isEqualTo(approvedFingerprint);
    assertThat(r.get("outputDigest").asText())
        .isEqualTo(Digests.hex(Digests.sha256(CanonicalJson.toBytes(result))));
    assertThat(r.get("suppressedGroups").asLong()).isEqualTo(data.expectedSuppressed);
    assertThat(r.get("epsilonSpent").asText()).isEqualTo("0");
    assertThat(r.get("simulated").asBoolean()).isTrue();
    assertThat(r.get("notice").asText()).contains("SIMULATED — NOT CONFIDENTIAL");
    assertThat(r.get("inputs").findValuesAsText("sealedDigest"))
        .containsExactlyInAnyOrder(
            Digests.hex(Digests.sha256(data.visits)), Digests.hex(Digests.sha256(data.accounts)));
    // Offline: the evidence verifies, binds the key that signed, and has the contract's
    // measurement.
    ReceiptCheck check =
        new ReceiptVerifier(
                new Verifiers(
                    TrustConfig.defaults()
                        .withSimulatedRoot(
                            SimulatedTee.loadOrCreate(Env.SIMULATOR).rootCertificate())))
            .verify(receipt, Instant.now());
    assertThat(check.simulated()).isTrue();
    assertThat(check.claims().measurement())
        .isEqualTo(
            ContractParser.parse(data.contract)
                .allowedEnclaves()
                .get(0)
                .values()
                .get("measurement"));
    // Any changed byte is refused.
    for (int i = 0; i < receipt.length; i += Math.max(1, receipt.length / 400)) {
      byte[] t = receipt.clone();
      t[i] ^= 0x01;
      assertThatThrownBy(() -> Receipts.verify(t)).isInstanceOf(CryptoException.class);
    }
  }

  @Test
  @Order(2)
  void anApprovedQueryAnswersWhatDuckDbAnswersOnThePlaintextWithTheThreshold() {
    setUp();
    HospitalBankData data = Env.data();
    JsonNode run =
        runToEnd(request(HospitalBankData.APPROVED_SQL, approvedFingerprint, data.visits));
    assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    List<String> ours = new ArrayList<>();
    for (JsonNode row : run.get("result").get("rows")) {
      ours.add(
          row.get(0).asText()
              + "|"
              + row.get(1).asLong()
              + "|"
              + new BigDecimal(row.get(2).asText()).stripTrailingZeros().toPlainString());
    }

    List<String> duck = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        ArrowTables tables = new ArrowTables();
        DuckDbPeer duckdb = new DuckDbPeer(1)) {
      for (String id : List.of("visits", "accounts")) {
        Path file = id.equals("visits") ? data.visits : data.accounts;
        try (SealedDatasetReader r = SealedDatasetReader.open(file);
            var batches = r.openAll(data.keys.get(id), allocator)) {
          tables.declare(id, new Schema(batches.fields()));
          while (batches.loadNextBatch()) {
            tables.addCopy(id, batches.getVectorSchemaRoot(), allocator);
          }
        }
      }
      duckdb.load(tables, allocator);
      for (List<Object> row :
          duckdb.query(
              HospitalBankData.APPROVED_SQL + " having count(distinct v.person_id) >= 10")) {
        duck.add(
            row.get(0)
                + "|"
                + ((Number) row.get(1)).longValue()
                + "|"
                + new BigDecimal(row.get(2).toString()).stripTrailingZeros().toPlainString());
      }
    }
    assertThat(duck).isNotEmpty();
    assertThat(ours).containsExactlyInAnyOrderElementsOf(duck);
  }

  @Test
  @Order(3)
  void eachRunLeavesSignedLogEntriesThatAgreeWithItsReceipt() {
    setUp();
    byte[] key = Base64.getUrlDecoder().decode(get("/v1/attestation").get("signingKey").asText());
    String ok =
        start(request(HospitalBankData.APPROVED_SQL, approvedFingerprint, Env.data().visits));
    String refused =
        start(
            request(
                HospitalBankData.UNAPPROVED_SQL,
                fingerprint(HospitalBankData.UNAPPROVED_SQL),
                Env.data().visits));
    poll(ok);
    poll(refused);

    List<JsonNode> okLog = logOf(ok, key);
    assertThat(okLog)
        .extracting(e -> e.get("event").asText())
        .containsExactly("run.started", "run.finished");
    assertThat(okLog.get(0).get("contractHash").asText()).isEqualTo(contractHash);
    JsonNode finished = okLog.get(1);
    byte[] receipt = receiptBytes(ok);
    JsonNode r = json(new String(receipt, StandardCharsets.UTF_8)).get("receipt");
    for (String member :
        List.of("contractHash", "queryFingerprint", "inputs", "outputDigest", "suppressedGroups")) {
      assertThat(finished.get(member)).as(member).isEqualTo(r.get(member));
    }
    assertThat(finished.get("receiptDigest").asText())
        .isEqualTo(Digests.hex(Digests.sha256(receipt)));
    assertThat(finished.get("simulated").asBoolean()).isTrue();

    List<JsonNode> refusedLog = logOf(refused, key);
    assertThat(refusedLog)
        .extracting(e -> e.get("event").asText())
        .containsExactly("run.started", "run.failed");
    assertThat(refusedLog.get(1).get("code").asText()).isEqualTo("KEY_RELEASE_REFUSED");
    assertThat(refusedLog.get(1).get("phase").asText()).isEqualTo("RELEASING_KEYS");
    assertThat(refusedLog.get(1).has("message")).isFalse();
    assertThat(refusedLog.get(1).get("contractHash").asText()).isEqualTo(contractHash);

    // The same entries, with every other run's, in signing order at /v1/log/entries.
    List<JsonNode> all = new ArrayList<>();
    long last = 0;
    for (JsonNode item : get("/v1/log/entries?contractHash=" + contractHash + "&limit=1000")) {
      assertThat(item.get("sequence").asLong()).isGreaterThan(last);
      last = item.get("sequence").asLong();
      JsonNode e =
          LogEntries.ENCLAVE.verify(CanonicalJson.toBytes(item.get("entry")), key).receipt();
      assertThat(e.get("contractHash").asText()).isEqualTo(contractHash);
      all.add(e);
    }
    assertThat(all).containsAll(okLog).containsAll(refusedLog);
    assertThat(get("/v1/log/entries?after=" + last)).isEmpty();
    assertThat(get("/v1/log/entries?contractHash=" + "00".repeat(32))).isEmpty();
  }

  /** A run's log entries, each verified with the enclave's signing key. */
  private static List<JsonNode> logOf(String id, byte[] key) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : runGet(id, "/log").get("entries")) {
      out.add(LogEntries.ENCLAVE.verify(CanonicalJson.toBytes(e), key).receipt());
    }
    return out;
  }

  @Test
  @Order(3)
  void anUnapprovedQueryGetsNoKeyAndFailsClearly() {
    setUp();

    JsonNode run =
        runToEnd(
            request(
                HospitalBankData.UNAPPROVED_SQL,
                fingerprint(HospitalBankData.UNAPPROVED_SQL),
                Env.data().visits));

    assertThat(run.get("status").asText()).isEqualTo("FAILED");
    assertThat(run.get("phase").asText()).isEqualTo("RELEASING_KEYS");
    assertThat(run.path("error").path("code").asText()).isEqualTo("KEY_RELEASE_REFUSED");
    assertThat(run.path("error").path("message").asText()).contains("QUERY_NOT_APPROVED");
    assertThat(run.has("result")).isFalse();
    JsonNode log = new BrokerApi(Env.broker().url(), Env::token).releaseLog(contractHash);
    RESPONSES.append(log);
    assertThat(log.toString()).contains("QUERY_NOT_APPROVED");
  }

  @Test
  @Order(4)
  void aTamperedSealedFileIsRefusedBeforeAnyKeyIsAskedFor() throws IOException {
    setUp();
    Path tampered = Env.data().dir.resolve("visits-tampered.sealed");
    byte[] bytes = Files.readAllBytes(Env.data().visits);
    bytes[bytes.length - 100] ^= 0x40;
    Files.write(tampered, bytes);

    JsonNode run = runToEnd(request(HospitalBankData.APPROVED_SQL, approvedFingerprint, tampered));

    assertThat(run.get("status").asText()).isEqualTo("FAILED");
    assertThat(run.get("phase").asText()).isEqualTo("VERIFYING_INPUTS");
    assertThat(run.path("error").path("code").asText()).isEqualTo("DIGEST_MISMATCH");
    assertThat(run.path("error").path("message").asText()).contains("dataset visits");
  }

  @Test
  @Order(5)
  void theEnclaveChecksTheQueryAndFingerprintItself() {
    setUp();
    JsonNode wrongFp =
        runToEnd(request(HospitalBankData.APPROVED_SQL, "00".repeat(32), Env.data().visits));
    assertThat(wrongFp.path("error").path("code").asText()).isEqualTo("FINGERPRINT_MISMATCH");

    JsonNode refused =
        runToEnd(
            request(
                "select person_id, diagnosis from visits", approvedFingerprint, Env.data().visits));
    assertThat(refused.path("error").path("code").asText()).isEqualTo("QUERY_REFUSED");

    ObjectNode noBroker =
        request(HospitalBankData.APPROVED_SQL, approvedFingerprint, Env.data().visits);
    ((ObjectNode) noBroker.get("datasets").get(0)).put("keyBroker", "http://127.0.0.1:9");
    JsonNode unreachable = runToEnd(noBroker);
    assertThat(unreachable.path("error").path("code").asText()).isEqualTo("KEY_BROKER_FAILED");
    assertThat(unreachable.path("error").path("message").asText())
        .contains("[visits]")
        .contains("not reachable at http://127.0.0.1:9");
  }

  @Test
  @Order(6)
  void malformedRequestsAndUnknownRunsAreProblems() {
    String body =
        given()
            .contentType("application/json")
            .body("{\"query\":{}}")
            .post("/v1/runs")
            .then()
            .statusCode(400)
            .contentType("application/problem+json")
            .extract()
            .asString();
    assertThat(body).contains("MALFORMED_REQUEST");
    given().get("/v1/runs/nope").then().statusCode(404);
  }

  @Test
  @Order(30)
  void aRunsIdAloneReadsAndCancelsNothing() {
    setUp();
    String id =
        start(request(HospitalBankData.APPROVED_SQL, approvedFingerprint, Env.data().visits));
    poll(id);
    // The id is public (the log names it); the secret went only to the submitter.
    for (String secret : new String[] {null, "", "A".repeat(43), SECRETS.get(id) + "x"}) {
      var request = secret == null ? given() : given().header("Run-Secret", secret);
      String body = request.get("/v1/runs/" + id).then().statusCode(404).extract().asString();
      assertThat(body).contains("RUN_UNKNOWN").doesNotContain("rows");
      given()
          .header("Run-Secret", String.valueOf(secret))
          .get("/v1/runs/" + id + "/receipt")
          .then()
          .statusCode(404);
      given()
          .header("Run-Secret", String.valueOf(secret))
          .get("/v1/runs/" + id + "/log")
          .then()
          .statusCode(404);
      given()
          .header("Run-Secret", String.valueOf(secret))
          .delete("/v1/runs/" + id)
          .then()
          .statusCode(404);
    }
    assertThat(runGet(id, "").get("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  @Order(7)
  void aCancelledRunStaysCancelled() {
    setUp();
    String id =
        start(request(HospitalBankData.APPROVED_SQL, approvedFingerprint, Env.data().visits));

    JsonNode cancelled =
        json(ofRun(id).delete("/v1/runs/" + id).then().statusCode(200).extract().asString());

    assertThat(cancelled.get("status").asText()).isIn("CANCELLED", "SUCCEEDED");
    JsonNode later = poll(id);
    assertThat(later.get("status").asText()).isEqualTo(cancelled.get("status").asText());
  }

  @Test
  @Order(8)
  void aRunOverItsTimeLimitFailsWithAClearError() {
    setUp();
    ObjectNode req = request(HospitalBankData.APPROVED_SQL, approvedFingerprint, Env.data().visits);
    req.put("timeLimit", "PT0.001S");

    JsonNode run = runToEnd(req);

    assertThat(run.get("status").asText()).isEqualTo("FAILED");
    assertThat(run.path("error").path("code").asText()).isEqualTo("TIME_LIMIT");
    assertThat(run.path("error").path("message").asText()).contains("time limit");
    assertThat(run.has("result")).isFalse();
  }

  @Test
  @Order(9)
  void readsASealedDatasetFromAnHttpUrlAndDeletesTheDownload() throws IOException {
    setUp();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] sealed = Files.readAllBytes(Env.data().accounts);
    server.createContext(
        "/accounts.sealed",
        x -> {
          x.sendResponseHeaders(200, sealed.length);
          try (var out = x.getResponseBody()) {
            out.write(sealed);
          }
        });
    server.start();
    try {
      ObjectNode req =
          request(HospitalBankData.APPROVED_SQL, approvedFingerprint, Env.data().visits);
      ((ObjectNode) req.get("datasets").get(1))
          .put(
              "location", "http://127.0.0.1:" + server.getAddress().getPort() + "/accounts.sealed");

      JsonNode run = runToEnd(req);

      assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
      assertThat(run.get("result").get("rows")).hasSize(Env.data().expected.size());
    } finally {
      server.stop(0);
    }
    try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(tmp.filter(p -> p.getFileName().toString().startsWith("cleanroom-enclave-inputs")))
          .isEmpty();
    }
  }

  @Test
  @Order(10)
  void aDifferentiallyPrivateQuerySpendsItsEpsilonUntilTheBudgetIsGone() {
    setUp();
    byte[] dpContract = Env.data().dpContract();
    BrokerApi broker = new BrokerApi(Env.broker().url(), Env::token);
    String hash = broker.register("bank-owner", dpContract);
    broker.approveContract("hospital-owner", hash);
    broker.approveContract("bank-owner", hash);
    String fp =
        new QueryChecker(io.cleanroom.query.contract.ContractParser.parse(dpContract))
            .check(HospitalBankData.DP_SQL)
            .report()
            .fingerprint()
            .orElseThrow();
    broker.approveQuery("bank-owner", hash, fp);

    for (int i = 0; i < 2; i++) {
      ObjectNode req = request(HospitalBankData.DP_SQL, fp, Env.data().visits);
      req.set("contract", CanonicalJson.parse(dpContract));
      JsonNode run = runToEnd(req);
      assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
      JsonNode receipt = run.get("receipt").get("receipt");
      assertThat(receipt.get("epsilonSpent").asText()).isEqualTo("0.5");
      assertThat(receipt.get("inputs").findValuesAsText("datasetId")).containsExactly("accounts");
      // The broker debited the receipt's epsilon with the key release.
      JsonNode released = broker.releaseLog(hash).get(0);
      assertThat(released.get("outcome").asText()).isEqualTo("RELEASED");
      assertThat(released.get("epsilon").asText()).isEqualTo(receipt.get("epsilonSpent").asText());
    }
    ObjectNode req = request(HospitalBankData.DP_SQL, fp, Env.data().visits);
    req.set("contract", CanonicalJson.parse(dpContract));
    JsonNode spent = runToEnd(req);
    assertThat(spent.get("status").asText()).isEqualTo("FAILED");
    assertThat(spent.path("error").path("code").asText()).isEqualTo("BUDGET_EXHAUSTED");
    // The broker refused the keys: its ledger, not the enclave's, stopped the run.
    assertThat(spent.get("phase").asText()).isEqualTo("RELEASING_KEYS");
    JsonNode budget = broker.budgets(hash).get(0);
    assertThat(budget.get("owner").asText()).isEqualTo("bank");
    assertThat(budget.get("spentEpsilon").asText()).isEqualTo("1");
    assertThat(budget.get("releasesCharged").asInt()).isEqualTo(2);
    assertThat(broker.releaseLog(hash).get(0).get("errorCode").asText())
        .isEqualTo("BUDGET_EXHAUSTED");
  }

  @Test
  @Order(100)
  void theCanaryInDataTheQueriesDoNotOutputIsNowhere() throws IOException {
    String canary = Env.data().canary;
    assertThat(RESPONSES.toString()).doesNotContain(canary);
    // The scanner finds a planted copy (so that an empty list below means something).
    Path planted = Files.writeString(Path.of("target", "planted-canary.txt"), "x" + canary + "y");
    List<Path> found = new ArrayList<>();
    scan(Path.of("").toAbsolutePath(), canary, found);
    Files.delete(planted);
    assertThat(found).containsExactly(planted.toAbsolutePath());

    List<Path> leaks = new ArrayList<>();
    scan(Path.of("").toAbsolutePath(), canary, leaks);
    scan(Path.of(System.getProperty("java.io.tmpdir")), canary, leaks);
    assertThat(leaks).isEmpty();
    Path log = Path.of("target", "enclave-test.log");
    assertThat(log).exists();
    assertThat(Files.readString(log)).contains("run ").doesNotContain(canary);
    assertThat(Files.readString(Env.broker().log())).doesNotContain(canary);
  }

  // ----------------------------------------------------------------------------------------

  private static ObjectNode request(String sql, String fingerprint, Path visits) {
    ObjectNode req = CanonicalJson.mapper().createObjectNode();
    req.set("contract", CanonicalJson.parse(Env.data().contract));
    req.putObject("query").put("sql", sql).put("fingerprint", fingerprint).putArray("parameters");
    ArrayNode ds = req.putArray("datasets");
    String broker = Env.broker().url().toString();
    ds.addObject().put("id", "visits").put("location", visits.toString()).put("keyBroker", broker);
    ds.addObject()
        .put("id", "accounts")
        .put("location", Env.data().accounts.toString())
        .put("keyBroker", broker);
    return req;
  }

  private static String start(ObjectNode req) {
    String body =
        given()
            .contentType("application/json")
            .body(req.toString())
            .post("/v1/runs")
            .then()
            .statusCode(202)
            .extract()
            .asString();
    RESPONSES.append(body);
    JsonNode started = json(body);
    SECRETS.put(started.get("id").asText(), started.get("runSecret").asText());
    return started.get("id").asText();
  }

  /** The runs' secrets, answered only when each was submitted. */
  private static final Map<String, String> SECRETS = new java.util.concurrent.ConcurrentHashMap<>();

  /** A request about run {@code id}, with its secret. */
  private static io.restassured.specification.RequestSpecification ofRun(String id) {
    return given().header("Run-Secret", SECRETS.get(id));
  }

  private static JsonNode runGet(String id, String rest) {
    String body =
        ofRun(id).get("/v1/runs/" + id + rest).then().statusCode(200).extract().asString();
    RESPONSES.append(body);
    return json(body);
  }

  private static JsonNode runToEnd(ObjectNode req) {
    return poll(start(req));
  }

  private static JsonNode poll(String id) {
    long end = System.nanoTime() + 90_000_000_000L;
    while (true) {
      JsonNode run = runGet(id, "");
      String s = run.get("status").asText();
      if (!s.equals("QUEUED") && !s.equals("RUNNING")) {
        return run;
      }
      assertThat(System.nanoTime()).as("run %s still %s", id, s).isLessThan(end);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static byte[] receiptBytes(String id) {
    byte[] b =
        ofRun(id).get("/v1/runs/" + id + "/receipt").then().statusCode(200).extract().asByteArray();
    RESPONSES.append(new String(b, StandardCharsets.UTF_8));
    return b;
  }

  private static JsonNode get(String path) {
    String body = given().get(path).then().statusCode(200).extract().asString();
    RESPONSES.append(body);
    return json(body);
  }

  private static JsonNode json(String body) {
    return CanonicalJson.parse(body);
  }

  /** REPORT_DATA of simulated evidence, read by verifying it against the simulator's root. */
  private static String reportDataOf(JsonNode evidence) {
    SimulatedTee tee = SimulatedTee.loadOrCreate(Env.SIMULATOR);
    VerificationResult r =
        new Verifiers(TrustConfig.defaults().withSimulatedRoot(tee.rootCertificate()))
            .verify(EvidenceJson.read(evidence), Instant.now());
    assertThat(r.verified()).as(r.errors().toString()).isTrue();
    return String.valueOf(
        r.toJson().get("claims") instanceof java.util.Map<?, ?> m ? m.get("reportData") : null);
  }

  private static void scan(Path root, String canary, List<Path> leaks) throws IOException {
    byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
    Path keycloak = Path.of("target", "keycloak").toAbsolutePath();
    Instant since = Env.STARTED.minusSeconds(5);
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
            return dir.startsWith(keycloak)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path p, BasicFileAttributes a) {
            try {
              if (a.isRegularFile()
                  && a.size() < (64 << 20)
                  && a.lastModifiedTime().toInstant().isAfter(since)
                  && contains(Files.readAllBytes(p), needle)) {
                leaks.add(p);
              }
            } catch (IOException | RuntimeException e) {
              // unreadable or gone: not ours
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path p, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
