package io.cleanroom.portal.api;

import static io.cleanroom.portal.PortalTestSupport.ANALYST;
import static io.cleanroom.portal.PortalTestSupport.AUDITOR;
import static io.cleanroom.portal.PortalTestSupport.BANK;
import static io.cleanroom.portal.PortalTestSupport.HOSPITAL;
import static io.cleanroom.portal.PortalTestSupport.as;
import static io.cleanroom.portal.PortalTestSupport.demoContract;
import static io.cleanroom.portal.PortalTestSupport.problem;
import static io.cleanroom.portal.PortalTestSupport.withContract;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.log.LogExportVerifier;
import io.cleanroom.crypto.log.LogVerification;
import io.cleanroom.crypto.log.MerkleHashes;
import io.cleanroom.crypto.log.MerkleProofs;
import io.cleanroom.crypto.log.MerkleTree;
import io.cleanroom.crypto.log.SignedTreeHead;
import io.cleanroom.crypto.log.TrustedLogKeys;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verifiable log over HTTP: entries the portal signs, heads it signs with its published key,
 * proofs that verify offline, exports that recompute to the head, and a stored log edited behind
 * the portal's back refused.
 */
@QuarkusTest
@QuarkusTestResource(KeycloakTestResource.class)
class LogApiTest {

  @Inject EntityManager em;

  private static byte[] portalKey() {
    return Base64.getUrlDecoder()
        .decode(
            given().get("/v1/log/key").then().statusCode(200).extract().<String>path("signingKey"));
  }

  private static String collaborationWithContract() {
    return withContract("log", BANK).id();
  }

  private static SignedTreeHead head(String id, String user) {
    byte[] signed = as(user).get("/v1/collaborations/" + id + "/log/head").asByteArray();
    return SignedTreeHead.verify(signed);
  }

  @Test
  void eachActIsASignedEntryUnderASignedHead() {
    String id = collaborationWithContract();
    byte[] key = portalKey();
    SignedTreeHead sth = head(id, ANALYST);
    assertThat(sth.logId()).isEqualTo(id);
    assertThat(sth.signingKey()).isEqualTo(key);
    assertThat(sth.head().size()).isEqualTo(2);

    Response r = as(AUDITOR).get("/v1/collaborations/" + id + "/log/entries?start=0&end=2");
    r.then().statusCode(200);
    List<JsonNode> entries =
        CanonicalJson.mapper()
            .convertValue(
                r.jsonPath().getList("entry"),
                CanonicalJson.mapper()
                    .getTypeFactory()
                    .constructCollectionType(List.class, JsonNode.class));
    MerkleTree tree = new MerkleTree();
    List<String> events = new ArrayList<>();
    for (JsonNode e : entries) {
      byte[] bytes = CanonicalJson.toBytes(e);
      JsonNode entry = LogEntries.PORTAL.verify(bytes, key).receipt();
      assertThat(entry.path("collaborationId").asText()).isEqualTo(id);
      events.add(entry.path("event").asText());
      tree.append(bytes);
    }
    assertThat(events).containsExactly("collaboration.created", "contract.proposed");
    assertThat(entries.get(1).path("entry").path("org").asText()).isEqualTo("bank");
    assertThat(entries.get(1).path("entry").path("actor").asText()).isEqualTo(BANK);
    assertThat(tree.rootHash()).isEqualTo(sth.head().rootHash());

    // The head does not change while the log does not.
    assertThat(head(id, HOSPITAL)).isEqualTo(sth);
  }

  @Test
  void proofsVerifyAgainstTheSignedHeads() {
    String id = collaborationWithContract();
    SignedTreeHead small = head(id, HOSPITAL);
    // Grow the log: two more contract versions.
    for (int v = 2; v <= 3; v++) {
      JsonNode c = CanonicalJson.parse(demoContract(id));
      ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("datasets").get(0))
          .with("analysisRule")
          .put("minimumThreshold", 10 + v);
      as(HOSPITAL)
          .contentType(ContentType.JSON)
          .body(CanonicalJson.toBytes(c))
          .post("/v1/collaborations/" + id + "/contracts")
          .then()
          .statusCode(201);
    }
    SignedTreeHead big = head(id, HOSPITAL);
    assertThat(big.head().size()).isEqualTo(small.head().size() + 2);

    for (long i = 0; i < big.head().size(); i++) {
      Response p =
          as(ANALYST)
              .get(
                  "/v1/collaborations/"
                      + id
                      + "/log/proof/inclusion?index="
                      + i
                      + "&size="
                      + big.head().size());
      p.then().statusCode(200);
      byte[] entry =
          CanonicalJson.toBytes(
              CanonicalJson.parse(
                      as(ANALYST)
                          .get(
                              "/v1/collaborations/"
                                  + id
                                  + "/log/entries?start="
                                  + i
                                  + "&end="
                                  + (i + 1))
                          .jsonPath()
                          .prettify())
                  .get(0)
                  .get("entry"));
      byte[] leaf = MerkleHashes.leafHash(entry);
      assertThat(HexFormat.of().formatHex(leaf)).isEqualTo(p.jsonPath().getString("leafHash"));
      assertThat(
              MerkleProofs.verifyInclusion(
                  leaf, i, big.head().size(), hexes(p), big.head().rootHash()))
          .isTrue();
    }
    Response c =
        as(BANK)
            .get(
                "/v1/collaborations/"
                    + id
                    + "/log/proof/consistency?first="
                    + small.head().size()
                    + "&second="
                    + big.head().size());
    c.then().statusCode(200);
    assertThat(
            MerkleProofs.verifyConsistency(
                small.head().size(),
                big.head().size(),
                small.head().rootHash(),
                big.head().rootHash(),
                hexes(c)))
        .isTrue();

    problem(
        as(BANK).get("/v1/collaborations/" + id + "/log/proof/inclusion?index=9&size=4"),
        400,
        "OUT_OF_RANGE");
    problem(
        as(BANK).get("/v1/collaborations/" + id + "/log/proof/consistency?first=3&second=99"),
        400,
        "OUT_OF_RANGE");
    problem(
        as(BANK).get("/v1/collaborations/" + id + "/log/entries?start=2&end=1"),
        400,
        "OUT_OF_RANGE");
  }

  @Test
  void anExportRecomputesToItsSignedHead() {
    String id = collaborationWithContract();
    byte[] export = as(AUDITOR).get("/v1/collaborations/" + id + "/log/export").asByteArray();
    String text = new String(export, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    List<String> lines = Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1));
    assertThat(lines).hasSize(4);
    JsonNode header = CanonicalJson.parse(lines.get(0));
    assertThat(header.path("format").asText()).isEqualTo("cleanroom.log-export.v1");
    assertThat(header.path("logId").asText()).isEqualTo(id);
    MerkleTree tree = new MerkleTree();
    for (String line : lines.subList(1, 3)) {
      tree.append(line.getBytes(StandardCharsets.UTF_8));
    }
    SignedTreeHead sth = SignedTreeHead.verify(lines.get(3).getBytes(StandardCharsets.UTF_8));
    assertThat(sth.signingKey()).isEqualTo(portalKey());
    assertThat(sth.head().size()).isEqualTo(2);
    assertThat(sth.head().rootHash()).isEqualTo(tree.rootHash());

    // What `cleanroom verify log` does with it, the portal's key pinned.
    LogVerification v =
        LogExportVerifier.verify(
            new ByteArrayInputStream(export),
            TrustedLogKeys.ofRaw(List.of(portalKey()), List.of(), List.of()),
            null);
    assertThat(v.failure()).isEmpty();
    assertThat(v.entries()).isEqualTo(2);
    assertThat(v.eventsByKind().get("portal"))
        .containsOnlyKeys("collaboration.created", "contract.proposed");
  }

  @Test
  void aStoredEntryEditedBehindThePortalsBackIsRefused() {
    String id = collaborationWithContract();
    head(id, HOSPITAL); // the portal signs a head over both entries
    as(AUDITOR).post("/v1/collaborations/" + id + "/log/check").then().statusCode(200);
    problem(as(ANALYST).post("/v1/collaborations/" + id + "/log/check"), 403, "ROLE_REQUIRED");

    // Someone with database access changes who proposed the contract (a valid signature is out of
    // their reach, so they keep the old one).
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              byte[] entry =
                  (byte[])
                      em.createNativeQuery(
                              "select entry from log_entries where collaboration_id = ?1 and"
                                  + " leaf_index = 1")
                          .setParameter(1, id)
                          .getSingleResult();
              String edited =
                  new String(entry, StandardCharsets.UTF_8).replace("\"bank\"", "\"hospital\"");
              assertThat(
                      em.createNativeQuery(
                              "update log_entries set entry = ?1 where collaboration_id = ?2 and"
                                  + " leaf_index = 1")
                          .setParameter(1, edited.getBytes(StandardCharsets.UTF_8))
                          .setParameter(2, id)
                          .executeUpdate())
                  .isEqualTo(1);
            });
    problem(as(AUDITOR).post("/v1/collaborations/" + id + "/log/check"), 500, "LOG_INTEGRITY");
    problem(as(HOSPITAL).get("/v1/collaborations/" + id + "/log/head"), 500, "LOG_INTEGRITY");
    problem(as(HOSPITAL).get("/v1/collaborations/" + id + "/log/export"), 500, "LOG_INTEGRITY");
    // Other collaborations' logs are unaffected.
    String other = collaborationWithContract();
    assertThat(head(other, HOSPITAL).head().size()).isEqualTo(2);
  }

  @Test
  void aDeletedEntryIsRefused() {
    String id = collaborationWithContract();
    head(id, HOSPITAL);
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                em.createNativeQuery(
                        "delete from log_entries where collaboration_id = ?1 and leaf_index = 1")
                    .setParameter(1, id)
                    .executeUpdate());
    problem(as(AUDITOR).post("/v1/collaborations/" + id + "/log/check"), 500, "LOG_INTEGRITY");
  }

  private static List<byte[]> hexes(Response r) {
    return r.jsonPath().getList("path", String.class).stream()
        .map(HexFormat.of()::parseHex)
        .toList();
  }

  static String token(String user) {
    return KeycloakTestResource.token(user);
  }
}
