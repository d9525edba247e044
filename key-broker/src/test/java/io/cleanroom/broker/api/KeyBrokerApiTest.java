package io.cleanroom.broker.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.broker.TestContracts;
import io.cleanroom.broker.custody.KeyCustody;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The owners' and compliance officers' API with real Keycloak tokens: who may do what, and
 * organization isolation (an owner can neither deposit, read, approve nor see the log for another
 * organization's datasets).
 */
@QuarkusTest
@QuarkusTestResource(KeycloakTestResource.class)
class KeyBrokerApiTest {

  static final String HOSPITAL = "hospital-owner";
  static final String BANK = "bank-owner";
  static final String ANALYST = "research-analyst";
  static final String AUDITOR = "auditor";
  static final SecureRandom RANDOM = new SecureRandom();

  @Inject KeyCustody custody;

  @Test
  void anOwnerDepositsAKeyAndSeesOnlyItsMetadata() {
    byte[] raw = newKey();
    String keyId;
    try (DatasetKey k = DatasetKey.fromBytes(raw, KeyAccess.rawKeyMaterial())) {
      keyId = k.keyId();
    }
    Response r = deposit(HOSPITAL, "visits", raw, keyId);
    r.then().statusCode(200);
    assertThat(r.jsonPath().getString("keyId")).isEqualTo(keyId);
    assertThat(r.jsonPath().getString("ownerOrg")).isEqualTo("hospital");
    assertThat(r.asString()).doesNotContain(b64(raw));

    Response got = as(HOSPITAL).get("/v1/keys/visits");
    got.then().statusCode(200);
    assertThat(got.jsonPath().getString("keyId")).isEqualTo(keyId);
    assertThat(got.asString()).doesNotContain(b64(raw));
    assertThat(as(HOSPITAL).get("/v1/keys").jsonPath().getList("datasetId", String.class))
        .contains("visits");
  }

  @Test
  void depositsNeedADataOwnerTokenAndAWellFormedKey() {
    byte[] raw = newKey();
    error(
        given().contentType(ContentType.JSON).body(depositBody(raw, null)).put("/v1/keys/visits"),
        401,
        "UNAUTHENTICATED");
    error(
        given()
            .auth()
            .oauth2("not.a.token")
            .contentType(ContentType.JSON)
            .body(depositBody(raw, null))
            .put("/v1/keys/visits"),
        401,
        "UNAUTHENTICATED");
    error(deposit(ANALYST, "visits", raw, null), 403, "ROLE_REQUIRED");
    error(deposit(AUDITOR, "visits", raw, null), 403, "ROLE_REQUIRED");
    error(deposit(HOSPITAL, "visits", new byte[16], null), 400, "MALFORMED_REQUEST");
    error(deposit(HOSPITAL, "visits", raw, "not-its-key-id"), 400, "MALFORMED_REQUEST");
    error(deposit(HOSPITAL, "not-an-identifier", raw, null), 400, "MALFORMED_REQUEST");
  }

  @Test
  void anOwnerCanNeitherReadNorReplaceAnotherOrganizationsKey() {
    byte[] hospitalKey = newKey();
    deposit(HOSPITAL, "visits", hospitalKey, null).then().statusCode(200);

    // The bank sees no key of the hospital's.
    error(as(BANK).get("/v1/keys/visits"), 404, "DATASET_UNKNOWN");
    assertThat(as(BANK).get("/v1/keys").jsonPath().getList("ownerOrg", String.class))
        .doesNotContain("hospital");
    // A deposit under the same dataset id lands in the bank's own namespace ...
    deposit(BANK, "visits", newKey(), null).then().statusCode(200);
    error(as(BANK).delete("/v1/keys/accounts-that-never-were"), 404, "DATASET_UNKNOWN");
    // ... and the hospital's key, the one a release of the hospital's dataset uses, is unchanged.
    try (DatasetKey k = custody.open("hospital", "visits").orElseThrow()) {
      assertThat(k.toBytes(KeyAccess.rawKeyMaterial())).isEqualTo(hospitalKey);
    }
  }

  @Test
  void contractsAreRegisteredByTheirDataOwnersAndValidated() {
    byte[] contract = TestContracts.hospitalBank();
    Response r = as(HOSPITAL).contentType(ContentType.JSON).body(contract).post("/v1/contracts");
    r.then().statusCode(201);
    assertThat(r.jsonPath().getString("contractHash"))
        .isEqualTo(ContractParser.parse(contract).id());

    error(
        as(ANALYST).contentType(ContentType.JSON).body(contract).post("/v1/contracts"),
        403,
        "ROLE_REQUIRED");
    Response invalid =
        as(HOSPITAL).contentType(ContentType.JSON).body("{\"version\":1}").post("/v1/contracts");
    error(invalid, 400, "CONTRACT_INVALID");
    assertThat(invalid.jsonPath().getString("detail")).isNotBlank();
    byte[] misspelt =
        TestContracts.hospitalBankWith(
            "\"measurement\":", "\"minimumTCB\": \"snp=1\", \"measurement\":");
    Response unknownField =
        as(HOSPITAL).contentType(ContentType.JSON).body(misspelt).post("/v1/contracts");
    error(unknownField, 400, "CONTRACT_INVALID");
    assertThat(unknownField.jsonPath().getString("detail")).contains("minimumTCB");

    // Members read it back; the analyst is a member, an owner of no dataset of it is still a
    // member.
    as(ANALYST)
        .get("/v1/contracts/" + r.jsonPath().getString("contractHash"))
        .then()
        .statusCode(200);
  }

  @Test
  void ownersApproveOnlyForThemselvesAndOnlyWhereTheyOwnData() {
    String hash = register(TestContracts.hospitalBank());
    String fp = fingerprint();

    Response approved = decide(HOSPITAL, "query", hash, fp, "approved");
    approved.then().statusCode(201);
    assertThat(approved.jsonPath().getString("org")).isEqualTo("hospital");
    assertThat(approved.jsonPath().getString("actor")).isEqualTo(HOSPITAL);
    assertThat(approved.jsonPath().getString("tokenRef")).startsWith("jwt:");

    // The bank's list of decisions holds none of the hospital's; the compliance officer sees all.
    assertThat(
            as(BANK)
                .queryParam("contractHash", hash)
                .get("/v1/approvals")
                .jsonPath()
                .getList("org", String.class))
        .doesNotContain("hospital");
    assertThat(
            as(AUDITOR)
                .queryParam("contractHash", hash)
                .get("/v1/approvals")
                .jsonPath()
                .getList("org", String.class))
        .contains("hospital");

    // A contract where the bank owns no dataset: the bank has no say in it.
    String hospitalOnly =
        register(TestContracts.hospitalBankWith("\"owner\": \"bank\"", "\"owner\": \"hospital\""));
    error(decide(BANK, "contract", hospitalOnly, null, "approved"), 403, "NOT_A_PARTY");
    error(decide(ANALYST, "contract", hash, null, "approved"), 403, "ROLE_REQUIRED");
    error(decide(HOSPITAL, "query", hash, "XYZ", "approved"), 400, "MALFORMED_REQUEST");
    error(decide(HOSPITAL, "query", hash, fp, "maybe"), 400, "MALFORMED_REQUEST");
    error(decide(HOSPITAL, "contract", "ab".repeat(32), null, "approved"), 404, "CONTRACT_UNKNOWN");
  }

  @Test
  void releaseLogIsVisibleToTheKeysOwnersAndComplianceOfficersOnly() {
    error(as(ANALYST).get("/v1/release-log"), 403, "ROLE_REQUIRED");
    // An enclave's refused attempt on the hospital's dataset, logged with the hospital as owner.
    String hash = register(TestContracts.hospitalBank());
    JsonNode ch =
        given()
            .contentType(ContentType.JSON)
            .body("{\"tee\":\"sim\"}")
            .post("/v1/release/challenge")
            .as(JsonNode.class);
    ObjectNode rd = CanonicalJson.mapper().createObjectNode();
    rd.put("nonce", ch.get("nonce").asText());
    rd.put(
        "enclavePublicKey",
        io.cleanroom.crypto.hpke.EnclaveKeyPair.generate().publicKey().toBase64Url());
    rd.put("contractHash", hash);
    rd.put("queryFingerprint", fingerprint());
    rd.putArray("datasetIds").add("visits");
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("sessionId", ch.get("sessionId").asText());
    body.putObject("evidence").put("format", "cleanroom-evidence/1").put("tee", "sim");
    body.set("runtimeData", rd);
    given()
        .contentType(ContentType.JSON)
        .body(body.toString())
        .post("/v1/release/attest")
        .then()
        .statusCode(403);

    String session = ch.get("sessionId").asText();
    assertThat(as(HOSPITAL).get("/v1/release-log").jsonPath().getList("sessionId", String.class))
        .contains(session);
    assertThat(as(AUDITOR).get("/v1/release-log").jsonPath().getList("sessionId", String.class))
        .contains(session);
    assertThat(as(BANK).get("/v1/release-log").jsonPath().getList("sessionId", String.class))
        .doesNotContain(session);
  }

  // --- helpers ---

  static RequestSpecification as(String user) {
    return given().auth().oauth2(KeycloakTestResource.token(user));
  }

  static Response deposit(String user, String dataset, byte[] key, String keyId) {
    return as(user)
        .contentType(ContentType.JSON)
        .body(depositBody(key, keyId))
        .put("/v1/keys/" + dataset);
  }

  static String depositBody(byte[] key, String keyId) {
    ObjectNode n = CanonicalJson.mapper().createObjectNode().put("key", b64(key));
    if (keyId != null) {
      n.put("keyId", keyId);
    }
    return n.toString();
  }

  static String register(byte[] contract) {
    Response r = as(HOSPITAL).contentType(ContentType.JSON).body(contract).post("/v1/contracts");
    r.then().statusCode(201);
    return r.jsonPath().getString("contractHash");
  }

  static Response decide(String user, String kind, String hash, String fp, String decision) {
    ObjectNode n =
        CanonicalJson.mapper()
            .createObjectNode()
            .put("kind", kind)
            .put("contractHash", hash)
            .put("decision", decision);
    if (fp != null) {
      n.put("queryFingerprint", fp);
    }
    return as(user).contentType(ContentType.JSON).body(n.toString()).post("/v1/approvals");
  }

  static void error(Response r, int status, String code) {
    r.then().statusCode(status);
    assertThat(r.jsonPath().getString("error")).isEqualTo(code);
  }

  static byte[] newKey() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return b;
  }

  static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String fingerprint() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
