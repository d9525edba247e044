package io.cleanroom.portal.api;

import static io.cleanroom.portal.PortalTestSupport.ANALYST;
import static io.cleanroom.portal.PortalTestSupport.AUDITOR;
import static io.cleanroom.portal.PortalTestSupport.BANK;
import static io.cleanroom.portal.PortalTestSupport.HOSPITAL;
import static io.cleanroom.portal.PortalTestSupport.as;
import static io.cleanroom.portal.PortalTestSupport.create;
import static io.cleanroom.portal.PortalTestSupport.demoMembers;
import static io.cleanroom.portal.PortalTestSupport.newId;
import static io.cleanroom.portal.PortalTestSupport.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.SealedDatasetWriter;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * Sealed uploads: kept under their digest and logged when the file is the uploader's organization's
 * dataset of this collaboration; refused and not kept otherwise; never a key.
 */
@QuarkusTest
@QuarkusTestResource(KeycloakTestResource.class)
class DatasetsApiTest {

  static final long CANARY = 7_313_999_131L;

  @org.eclipse.microprofile.config.inject.ConfigProperty(name = "portal.blobs.dir")
  Path blobs;

  /** A sealed file of {@code rows} rows of one column holding the canary value. */
  static byte[] sealed(String dataset, String owner, String collaboration) throws IOException {
    Path dir = Files.createTempDirectory("portal-seal");
    Schema schema =
        new Schema(
            List.of(
                new Field("person_id", FieldType.notNullable(new ArrowType.Int(64, true)), null)));
    try (BufferAllocator allocator = new RootAllocator();
        DatasetKey key = DatasetKey.generate();
        SealedDatasetWriter w =
            SealedDatasetWriter.builder()
                .datasetId(dataset)
                .ownerOrg(owner)
                .collaborationId(collaboration)
                .schema(schema)
                .key(key)
                .spoolInMemory()
                .build();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      BigIntVector v = (BigIntVector) root.getVector(0);
      v.allocateNew(100);
      for (int i = 0; i < 100; i++) {
        v.set(i, CANARY + i);
      }
      root.setRowCount(100);
      w.write(root);
      w.finish(dir.resolve("f.sealed"));
    }
    return Files.readAllBytes(dir.resolve("f.sealed"));
  }

  private static Response upload(String user, String id, String dataset, byte[] body) {
    return as(user)
        .contentType("application/octet-stream")
        .body(body)
        .put("/v1/collaborations/" + id + "/datasets/" + dataset);
  }

  @Test
  void anOwnersSealedFileIsKeptUnderItsDigestAndLogged() throws IOException {
    String id = newId("data");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    byte[] file = sealed("visits", "hospital", id);
    Response r = upload(HOSPITAL, id, "visits", file);
    r.then().statusCode(201);
    String digest = Digests.hex(Digests.sha256(file));
    assertThat(r.jsonPath().getString("sealedDigest")).isEqualTo(digest);
    assertThat(r.jsonPath().getLong("rowCount")).isEqualTo(100);
    assertThat(r.jsonPath().getString("ownerOrg")).isEqualTo("hospital");
    assertThat(r.asString()).doesNotContain(Long.toString(CANARY));

    byte[] back =
        as(ANALYST)
            .get("/v1/collaborations/" + id + "/datasets/visits/versions/" + digest)
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    assertThat(back).isEqualTo(file);
    // The same bytes by digest alone, without sign-in (as the enclave fetches its inputs).
    assertThat(
            io.restassured.RestAssured.given()
                .get("/v1/blobs/" + digest)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray())
        .isEqualTo(file);
    problem(
        io.restassured.RestAssured.given().get("/v1/blobs/" + "0".repeat(64)), 404, "NOT_FOUND");
    problem(io.restassured.RestAssured.given().get("/v1/blobs/..%2Fportal"), 404, "NOT_FOUND");
    assertThat(
            as(BANK)
                .get("/v1/collaborations/" + id + "/datasets")
                .jsonPath()
                .getList("sealedDigest", String.class))
        .containsExactly(digest);
    // The same bytes again are the same version.
    upload(HOSPITAL, id, "visits", file).then().statusCode(201);
    assertThat(as(BANK).get("/v1/collaborations/" + id + "/datasets").jsonPath().getList("$"))
        .hasSize(1);

    JsonNode entries =
        CanonicalJson.parse(
            as(AUDITOR).get("/v1/collaborations/" + id + "/log/entries?start=1").asString());
    assertThat(entries).hasSize(1);
    JsonNode e = entries.get(0).get("entry").get("entry");
    assertThat(e.get("event").asText()).isEqualTo("dataset.uploaded");
    assertThat(e.get("sealedDigest").asText()).isEqualTo(digest);
    assertThat(e.toString()).doesNotContain(Long.toString(CANARY));
  }

  @Test
  void anythingElseIsRefusedAndNotKept() throws IOException {
    String id = newId("data-bad");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    byte[] visits = sealed("visits", "hospital", id);
    // Another organization's file, another dataset, another collaboration, a truncated file,
    // a tampered header length, and bytes that are no sealed file at all.
    problem(upload(BANK, id, "visits", visits), 400, "DATASET_INVALID");
    problem(upload(HOSPITAL, id, "accounts", visits), 400, "DATASET_INVALID");
    problem(
        upload(HOSPITAL, id, "visits", sealed("visits", "hospital", "elsewhere")),
        400,
        "DATASET_INVALID");
    problem(
        upload(HOSPITAL, id, "visits", java.util.Arrays.copyOf(visits, visits.length - 1)),
        400,
        "DATASET_INVALID");
    byte[] garbled = visits.clone();
    garbled[12] ^= 0x40;
    problem(upload(HOSPITAL, id, "visits", garbled), 400, "DATASET_INVALID");
    problem(
        upload(HOSPITAL, id, "visits", "plaintext,rows\n1,2\n".getBytes(StandardCharsets.UTF_8)),
        400,
        "DATASET_INVALID");
    problem(upload(ANALYST, id, "visits", visits), 403, "ROLE_REQUIRED");
    assertThat(as(AUDITOR).get("/v1/collaborations/" + id + "/datasets").jsonPath().getList("$"))
        .isEmpty();
    assertThat(
            CanonicalJson.parse(
                as(AUDITOR).get("/v1/collaborations/" + id + "/log/entries?start=1").asString()))
        .isEmpty();
    // Nothing refused stays in blob storage, not even a partial upload.
    assertThat(blobs.resolve("incoming")).isDirectory();
    try (var files = Files.walk(blobs)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(Digests.hex(Digests.sha256(visits))))
          .noneMatch(n -> n.endsWith(".part"));
    }
  }
}
