package io.cleanroom.broker.log;

import static io.cleanroom.broker.release.EnclaveDriver.attest;
import static io.cleanroom.broker.release.EnclaveDriver.challenge;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.broker.BrokerConfig;
import io.cleanroom.broker.SimulatedTeeResource;
import io.cleanroom.broker.TestContracts;
import io.cleanroom.broker.custody.FileMasterKey;
import io.cleanroom.broker.custody.MasterKeyRing;
import io.cleanroom.broker.release.EnclaveDriver;
import io.cleanroom.broker.release.EnclaveDriver.Challenge;
import io.cleanroom.broker.release.ReleaseSession;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.crypto.receipt.VerifiedReceipt;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker's signed log over HTTP with real Keycloak tokens and a simulated enclave: an entry for
 * every decision, release and refusal, each verifying with the key {@code GET /v1/log/key} serves;
 * the key kept sealed and the same after a restart; paging; who may read; and no secrets in any
 * entry.
 */
@QuarkusTest
@QuarkusTestResource(value = SimulatedTeeResource.class, restrictToAnnotatedClass = true)
class SignedLogTest {

  static final String HOSPITAL = "hospital-owner";
  static final String BANK = "bank-owner";
  static final String ANALYST = "research-analyst";
  static final String AUDITOR = "auditor";
  static final String ADMIN = "admin";
  static final byte[] MEASUREMENT = new byte[48]; // the example contract allows 00…00
  static final SecureRandom RANDOM = new SecureRandom();
  static final Set<String> ENVELOPE = Set.of("event", "sequence", "time", "format", "signingKey");

  @Inject BrokerLogKey logKey;
  @Inject BrokerConfig config;
  @Inject ReleaseLog releaseLog;

  /** Every secret the test handed the broker: tokens and dataset keys (the canary). */
  final List<String> secrets = new ArrayList<>();

  String contract;
  EnclaveDriver enclave;

  /** The sequence after which {@link #refused} expects the refusal's one entry. */
  long cursor;

  @BeforeEach
  void aContractWithDepositedKeys() {
    contract = register(HOSPITAL, TestContracts.hospitalBank());
    deposit(HOSPITAL, "visits");
    deposit(BANK, "accounts");
    enclave = new EnclaveDriver(SimulatedTeeResource.tee(), MEASUREMENT);
  }

  @Test
  void theLogKeyIsPublic() {
    JsonNode key = given().get("/v1/log/key").then().statusCode(200).extract().as(JsonNode.class);
    assertThat(key.get("format").asText()).isEqualTo("cleanroom.broker-log-entry.v1");
    assertThat(Base64.getUrlDecoder().decode(key.get("signingKey").asText())).hasSize(32);
    assertThat(key.get("signingKey").asText()).isEqualTo(logKey.publicKeyBase64Url());
  }

  @Test
  void everyDecisionIsASignedEntryWithItsMembers() {
    long start = lastSequence();
    String fp = fingerprint();
    decide(HOSPITAL, "contract", contract, null, "approved");
    decide(BANK, "contract", contract, null, "rejected");
    decide(HOSPITAL, "query", contract, fp, "approved");
    decide(BANK, "query", contract, fp, "rejected");

    List<JsonNode> entries = verifiedEntriesAfter(start);
    assertThat(entries)
        .extracting(e -> e.get("event").asText())
        .containsExactly(
            "contract.approved", "contract.rejected", "query.approved", "query.rejected");
    Set<String> contractMembers =
        union(ENVELOPE, "collaborationId", "contractHash", "org", "actor", "decidedAt");
    Set<String> queryMembers =
        union(ENVELOPE, "collaborationId", "contractHash", "queryFingerprint", "org", "actor");
    for (JsonNode e : entries) {
      boolean onContract = e.get("event").asText().startsWith("contract.");
      assertThat(names(e)).isEqualTo(onContract ? contractMembers : queryMembers);
      assertThat(e.get("collaborationId").asText()).isEqualTo("hospital-bank-demo");
      assertThat(e.get("contractHash").asText()).isEqualTo(contract);
      assertThat(Instant.parse(e.get("time").asText())).isBeforeOrEqualTo(Instant.now());
      assertThat(e.get("time").asText()).endsWith("Z");
      if (onContract) {
        assertThat(e.get("decidedAt").asText()).isEqualTo(e.get("time").asText());
      } else {
        assertThat(e.get("queryFingerprint").asText()).isEqualTo(fp);
      }
    }
    assertThat(entries.get(1).get("org").asText()).isEqualTo("bank");
    assertThat(entries.get(1).get("actor").asText()).isEqualTo(BANK);
  }

  @Test
  void aReleaseAndEveryKindOfRefusalAreSignedEntries() {
    String fp = approveContractAndQuery();
    long start = lastSequence();

    Challenge c = challenge("sim");
    ObjectNode rd = enclave.runtimeData(c.nonce(), contract, fp, List.of("visits", "accounts"));
    JsonNode evidence = enclave.evidence(rd);
    attest(c.sessionId(), evidence, rd).then().statusCode(200);
    List<JsonNode> one = verifiedEntriesAfter(start);
    assertThat(one).hasSize(1);
    JsonNode released = one.get(0);
    assertThat(names(released))
        .isEqualTo(
            union(
                ENVELOPE,
                "collaborationId",
                "contractHash",
                "queryFingerprint",
                "datasetIds",
                "ownerOrgs",
                "tee",
                "simulated",
                "evidenceSha256",
                "enclavePublicKey",
                "measurement"));
    assertThat(released.get("event").asText()).isEqualTo("key.released");
    assertThat(released.get("collaborationId").asText()).isEqualTo("hospital-bank-demo");
    assertThat(released.get("queryFingerprint").asText()).isEqualTo(fp);
    assertThat(texts(released.get("datasetIds"))).containsExactly("visits", "accounts");
    assertThat(texts(released.get("ownerOrgs"))).containsExactly("hospital", "bank");
    assertThat(released.get("tee").asText()).isEqualTo("sim");
    assertThat(released.get("simulated").asBoolean()).isTrue();
    assertThat(released.get("evidenceSha256").asText())
        .isEqualTo(Digests.hex(Digests.sha256(CanonicalJson.toBytes(evidence))));
    assertThat(released.get("enclavePublicKey").asText())
        .isEqualTo(enclave.keys.publicKey().toBase64Url());
    assertThat(released.get("measurement").asText()).isEqualTo("00".repeat(48));

    // Every kind of refusal the protocol has, each its own signed entry with its stable code.
    cursor = lastSequence();
    refused(attest(c.sessionId(), enclave.evidence(rd), rd), "NONCE_REPLAYED");
    refused(attest("no-such-session", enclave.evidence(rd), rd), "SESSION_UNKNOWN");

    Challenge expired = challenge("sim");
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                ReleaseSession.update(
                    "expiresAt = ?1 where id = ?2",
                    Instant.now().minusSeconds(1),
                    expired.sessionId()));
    refused(answer(expired, fp, List.of("visits")), "SESSION_EXPIRED");

    Challenge c2 = challenge("sim");
    Challenge other = challenge("sim");
    ObjectNode otherNonce = enclave.runtimeData(other.nonce(), contract, fp, List.of("visits"));
    refused(attest(c2.sessionId(), enclave.evidence(otherNonce), otherNonce), "NONCE_MISMATCH");

    refused(answer(challenge("snp"), fp, List.of("visits")), "TEE_MISMATCH");

    Challenge c3 = challenge("sim");
    ObjectNode bound = enclave.runtimeData(c3.nonce(), contract, fp, List.of("visits"));
    refused(attest(c3.sessionId(), enclave.evidenceFor(new byte[64]), bound), "BINDING_MISMATCH");

    byte[] otherMeasurement = new byte[48];
    otherMeasurement[0] = 1;
    EnclaveDriver rogue = new EnclaveDriver(SimulatedTeeResource.tee(), otherMeasurement);
    Challenge c4 = challenge("sim");
    ObjectNode rogueRd = rogue.runtimeData(c4.nonce(), contract, fp, List.of("visits"));
    JsonNode rogueEntry =
        refused(attest(c4.sessionId(), rogue.evidence(rogueRd), rogueRd), "ATTESTATION_REFUSED");
    assertThat(rogueEntry.get("measurement").asText()).isEqualTo("01" + "00".repeat(47));

    Challenge c5 = challenge("sim");
    ObjectNode unknownContract =
        enclave.runtimeData(c5.nonce(), "ab".repeat(32), fp, List.of("visits"));
    JsonNode noContract =
        refused(
            attest(c5.sessionId(), enclave.evidence(unknownContract), unknownContract),
            "CONTRACT_UNKNOWN");
    assertThat(noContract.get("contractHash").asText()).isEqualTo("ab".repeat(32));
    assertThat(noContract.has("collaborationId")).isFalse();

    JsonNode noDataset =
        refused(answer(challenge("sim"), fp, List.of("visits", "payroll")), "DATASET_UNKNOWN");
    assertThat(texts(noDataset.get("datasetIds"))).containsExactly("visits", "payroll");

    refused(answer(challenge("sim"), fingerprint(), List.of("visits")), "QUERY_NOT_APPROVED");

    Challenge c6 = challenge("sim");
    ObjectNode extra =
        enclave.runtimeData(c6.nonce(), contract, fp, List.of("visits")).put("debug", true);
    JsonNode malformed =
        refused(attest(c6.sessionId(), enclave.evidence(extra), extra), "MALFORMED_REQUEST");
    assertThat(malformed.has("contractHash")).isFalse();

    decide(BANK, "contract", contract, null, "rejected");
    cursor = lastSequence();
    refused(answer(challenge("sim"), fp, List.of("visits", "accounts")), "CONTRACT_NOT_APPROVED");
  }

  @Test
  void theLogKeySurvivesARestartAndIsStoredOnlySealed() {
    String before = logKey.publicKeyBase64Url();
    byte[] privateKey = logKey.signingKey().toBytes(KeyAccess.rawKeyMaterial());

    logKey.stop();
    logKey.start();

    assertThat(given().get("/v1/log/key").jsonPath().getString("signingKey")).isEqualTo(before);
    // As a new process would: the master key read from its file again, the log key from the table.
    BrokerLogKey fresh = new BrokerLogKey();
    fresh.ring =
        new MasterKeyRing(FileMasterKey.loadOrCreate(config.masterKey().file()), List.of());
    fresh.clock = java.time.Clock.systemUTC();
    fresh.start();
    try {
      assertThat(fresh.publicKeyBase64Url()).isEqualTo(before);
      assertThat(fresh.signingKey().toBytes(KeyAccess.rawKeyMaterial())).isEqualTo(privateKey);
    } finally {
      fresh.stop();
    }
    long start = lastSequence();
    decide(HOSPITAL, "contract", contract, null, "approved");
    JsonNode entry = verifiedEntriesAfter(start).get(0);
    assertThat(entry.get("signingKey").asText()).isEqualTo(before);

    List<?> rows =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    LogKeyRecord.getEntityManager()
                        .createNativeQuery(
                            "select id, public_key, sealed_private_key, master_key_id, created_at"
                                + " from broker_log_key")
                        .getResultList());
    assertThat(rows).hasSize(1);
    Object[] row = (Object[]) rows.get(0);
    assertThat(row[1]).isEqualTo(before);
    byte[] sealed = (byte[]) row[2];
    assertThat(sealed).hasSize(1 + 12 + 32 + 16); // version, IV, AES-GCM(private key), tag
    for (Object column : row) {
      if (column instanceof byte[] bytes) {
        assertThat(indexOf(bytes, privateKey)).isEqualTo(-1);
        assertThat(indexOf(bytes, java.util.Arrays.copyOf(privateKey, 8))).isEqualTo(-1);
      } else {
        assertThat(String.valueOf(column)).doesNotContain(encodings(privateKey));
      }
    }
  }

  @Test
  void entriesArePagedInSequenceOrderWithoutGaps() {
    long start = lastSequence();
    for (int i = 0; i < 5; i++) {
      decide(HOSPITAL, "query", contract, fingerprint(), i % 2 == 0 ? "approved" : "rejected");
    }
    List<Long> first = sequences(page(as(AUDITOR), start, 2, null));
    List<Long> second = sequences(page(as(AUDITOR), start + 2, 2, null));
    List<Long> last = sequences(page(as(AUDITOR), start + 4, 2, null));
    assertThat(first).containsExactly(start + 1, start + 2);
    assertThat(second).containsExactly(start + 3, start + 4);
    assertThat(last).containsExactly(start + 5);

    String bankOnly = register(BANK, bankOnlyContract());
    decide(BANK, "contract", bankOnly, null, "approved");
    JsonNode ofBankOnly = page(as(AUDITOR), start, 1000, bankOnly);
    assertThat(ofBankOnly).hasSize(1);
    assertThat(ofBankOnly.get(0).get("entry").get("entry").get("contractHash").asText())
        .isEqualTo(bankOnly);

    for (String query : List.of("limit=0", "limit=1001", "after=-1", "contractHash=XYZ")) {
      error(as(AUDITOR).get("/v1/log/entries?" + query), 400, "MALFORMED_REQUEST");
    }
  }

  @Test
  void logReadersComplianceOfficersAndTheContractsOwnOrganizationsReadEntries() {
    long start = lastSequence();
    String bankOnly = register(BANK, bankOnlyContract());
    decide(BANK, "contract", bankOnly, null, "approved");
    decide(HOSPITAL, "contract", contract, null, "approved");

    given().get("/v1/log/entries").then().statusCode(401);
    error(as(ANALYST).get("/v1/log/entries"), 403, "ROLE_REQUIRED");
    error(as(ADMIN).get("/v1/log/entries"), 403, "ROLE_REQUIRED");

    assertThat(contractsIn(page(as(HOSPITAL), start, 1000, null))).containsExactly(contract);
    assertThat(contractsIn(page(as(BANK), start, 1000, null)))
        .containsExactlyInAnyOrder(contract, bankOnly);
    assertThat(page(as(HOSPITAL), start, 1000, bankOnly)).isEmpty();
    assertThat(contractsIn(page(as(AUDITOR), start, 1000, null)))
        .containsExactlyInAnyOrder(contract, bankOnly);

    String portal = KeycloakTestResource.clientToken("cleanroom-portal", "portal-dev-secret");
    secrets.add(portal);
    JsonNode pulled = page(given().auth().oauth2(portal), start, 1000, null);
    assertThat(contractsIn(pulled)).containsExactlyInAnyOrder(contract, bankOnly);
    for (JsonNode item : pulled) {
      verify(item);
    }
  }

  @Test
  void noKeyBytesNorTokensInAnyEntry() {
    long start = lastSequence();
    String fp = approveContractAndQuery();
    Challenge c = challenge("sim");
    ObjectNode rd = enclave.runtimeData(c.nonce(), contract, fp, List.of("visits", "accounts"));
    attest(c.sessionId(), enclave.evidence(rd), rd).then().statusCode(200);
    cursor = lastSequence();
    refused(attest(c.sessionId(), enclave.evidence(rd), rd), "NONCE_REPLAYED");

    String body = as(AUDITOR).get("/v1/log/entries?limit=1000&after=" + start).asString();
    assertThat(body).contains("key.released").contains("query.approved");
    assertThat(secrets).hasSizeGreaterThan(4);
    for (String secret : secrets) {
      assertThat(body).doesNotContain(secret);
    }
    assertThat(body).doesNotContain("jwt:").doesNotContain("tokenRef");
    byte[] logPrivateKey = logKey.signingKey().toBytes(KeyAccess.rawKeyMaterial());
    assertThat(body).doesNotContain(encodings(logPrivateKey));
  }

  // --- helpers ---

  RequestSpecification as(String user) {
    String token = KeycloakTestResource.token(user);
    secrets.add(token);
    return given().auth().oauth2(token);
  }

  String register(String user, byte[] json) {
    Response r = as(user).contentType(ContentType.JSON).body(json).post("/v1/contracts");
    r.then().statusCode(201);
    assertThat(r.jsonPath().getString("contractHash")).isEqualTo(ContractParser.parse(json).id());
    return r.jsonPath().getString("contractHash");
  }

  void deposit(String user, String dataset) {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    secrets.addAll(List.of(encodings(key)));
    String b64url = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    as(user)
        .contentType(ContentType.JSON)
        .body("{\"key\":\"" + b64url + "\"}")
        .put("/v1/keys/" + dataset)
        .then()
        .statusCode(200);
  }

  void decide(String user, String kind, String hash, String fp, String decision) {
    ObjectNode n =
        CanonicalJson.mapper()
            .createObjectNode()
            .put("kind", kind)
            .put("contractHash", hash)
            .put("decision", decision);
    if (fp != null) {
      n.put("queryFingerprint", fp);
    }
    as(user)
        .contentType(ContentType.JSON)
        .body(n.toString())
        .post("/v1/approvals")
        .then()
        .statusCode(201);
  }

  String approveContractAndQuery() {
    String fp = fingerprint();
    for (String owner : List.of(HOSPITAL, BANK)) {
      decide(owner, "contract", contract, null, "approved");
      decide(owner, "query", contract, fp, "approved");
    }
    return fp;
  }

  /** A well-formed answer to a challenge, for these datasets. */
  Response answer(Challenge c, String fp, List<String> datasets) {
    ObjectNode rd = enclave.runtimeData(c.nonce(), contract, fp, datasets);
    return attest(c.sessionId(), enclave.evidence(rd), rd);
  }

  /**
   * Checks a refusal's answer and its one new signed entry: {@code key.refused} with the code and
   * without the reason the release log keeps.
   */
  JsonNode refused(Response r, String code) {
    assertThat(r.jsonPath().getString("error")).isEqualTo(code);
    List<JsonNode> entries = verifiedEntriesAfter(cursor);
    assertThat(entries).hasSize(1);
    cursor++;
    JsonNode e = entries.get(0);
    assertThat(e.get("event").asText()).isEqualTo("key.refused");
    assertThat(e.get("errorCode").asText()).isEqualTo(code);
    assertThat(e.has("reason")).isFalse();
    String reason = releaseLog.query(null, null, 1).get(0).reason;
    assertThat(reason).isNotBlank();
    assertThat(e.toString()).doesNotContain(reason);
    return e;
  }

  /** The newest sequence number (0 if none). */
  static long lastSequence() {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                SignedLogEntry.<SignedLogEntry>find("order by sequence desc")
                    .firstResultOptional()
                    .map(e -> e.sequence)
                    .orElse(0L));
  }

  static JsonNode page(RequestSpecification who, long after, int limit, String contractHash) {
    RequestSpecification req = who.queryParam("after", after).queryParam("limit", limit);
    if (contractHash != null) {
      req = req.queryParam("contractHash", contractHash);
    }
    return req.get("/v1/log/entries").then().statusCode(200).extract().as(JsonNode.class);
  }

  /** Entries after {@code after} as a compliance officer reads them, each verified. */
  List<JsonNode> verifiedEntriesAfter(long after) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode item : page(as(AUDITOR), after, 1000, null)) {
      out.add(verify(item));
    }
    return out;
  }

  /** Verifies one item of the entries' answer with the published key; returns its statement. */
  static JsonNode verify(JsonNode item) {
    String key = given().get("/v1/log/key").jsonPath().getString("signingKey");
    byte[] bytes = CanonicalJson.toBytes(item.get("entry"));
    VerifiedReceipt v = LogEntries.BROKER.verify(bytes, Base64.getUrlDecoder().decode(key));
    assertThat(v.receipt().get("sequence").asLong()).isEqualTo(item.get("sequence").asLong());
    return v.receipt();
  }

  static List<Long> sequences(JsonNode page) {
    List<Long> out = new ArrayList<>();
    page.forEach(item -> out.add(item.get("sequence").asLong()));
    return out;
  }

  static Set<String> contractsIn(JsonNode page) {
    Set<String> out = new TreeSet<>();
    page.forEach(item -> out.add(item.get("entry").get("entry").get("contractHash").asText()));
    return out;
  }

  static void error(Response r, int status, String code) {
    r.then().statusCode(status);
    assertThat(r.jsonPath().getString("error")).isEqualTo(code);
  }

  /** The example contract with the hospital neither a member nor an owner. */
  static byte[] bankOnlyContract() {
    String json = new String(TestContracts.hospitalBank(), StandardCharsets.UTF_8);
    String member = "{\"org\": \"hospital\", \"roles\": [\"data-owner\"]},";
    assertThat(json).contains(member).contains("\"owner\": \"hospital\"");
    return json.replace(member, "")
        .replace("\"owner\": \"hospital\"", "\"owner\": \"bank\"")
        .replace("hospital-bank-demo", "bank-only-demo")
        .getBytes(StandardCharsets.UTF_8);
  }

  static Set<String> names(JsonNode node) {
    Set<String> out = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  static Set<String> union(Set<String> base, String... more) {
    Set<String> out = new TreeSet<>(base);
    out.addAll(List.of(more));
    return out;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  static String[] encodings(byte[] key) {
    return new String[] {
      HexFormat.of().formatHex(key),
      Base64.getEncoder().encodeToString(key),
      Base64.getUrlEncoder().withoutPadding().encodeToString(key)
    };
  }

  static String fingerprint() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
