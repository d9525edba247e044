package io.cleanroom.portal.api;

import static io.cleanroom.portal.PortalTestSupport.ANALYST;
import static io.cleanroom.portal.PortalTestSupport.BANK;
import static io.cleanroom.portal.PortalTestSupport.HOSPITAL;
import static io.cleanroom.portal.PortalTestSupport.as;
import static io.cleanroom.portal.PortalTestSupport.create;
import static io.cleanroom.portal.PortalTestSupport.demoMembers;
import static io.cleanroom.portal.PortalTestSupport.newId;
import static io.cleanroom.portal.PortalTestSupport.problem;
import static io.cleanroom.portal.api.DatasetsApiTest.sealed;
import static io.cleanroom.portal.api.UploadsApiTest.location;
import static io.cleanroom.portal.api.UploadsApiTest.open;
import static io.cleanroom.portal.api.UploadsApiTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.crypto.json.Digests;
import io.cleanroom.portal.dataset.BlobStores;
import io.cleanroom.portal.dataset.BlobsConfig;
import io.cleanroom.portal.dataset.S3Profile;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The portal with S3-compatible blob storage (a real S3Proxy): the PUT and resumable uploads land
 * in the bucket under their digest and download byte for byte; refusals leave nothing there.
 */
@QuarkusTest
@TestProfile(S3Profile.class)
@QuarkusTestResource(KeycloakTestResource.class)
class S3DatasetsApiTest {

  @Inject BlobsConfig config;

  @ConfigProperty(name = "portal.uploads.max-chunk-bytes")
  int maxChunk;

  private List<String> bucket() {
    try (S3Client s3 = BlobStores.client(config.s3())) {
      return s3.listObjectsV2(b -> b.bucket(config.s3().bucket().orElseThrow())).contents().stream()
          .map(S3Object::key)
          .toList();
    }
  }

  private static byte[] download(String path) {
    return as(ANALYST).get(path).then().statusCode(200).extract().asByteArray();
  }

  @Test
  void aPutFileIsKeptInTheBucketAndDownloadsByteForByte() throws IOException {
    String id = newId("s3-put");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    // Over one 8 MiB part: a multipart upload.
    byte[] file = sealed("visits", "hospital", id, 1_200_000);
    assertThat(file.length).isGreaterThan(8 << 20);
    String digest = Digests.hex(Digests.sha256(file));
    as(HOSPITAL)
        .contentType("application/octet-stream")
        .body(file)
        .put("/v1/collaborations/" + id + "/datasets/visits")
        .then()
        .statusCode(201);
    assertThat(bucket())
        .contains("blobs/" + digest + ".sealed")
        .noneMatch(k -> k.startsWith("incoming/"));
    assertThat(download("/v1/collaborations/" + id + "/datasets/visits/versions/" + digest))
        .isEqualTo(file);
    assertThat(
            RestAssured.given()
                .get("/v1/blobs/" + digest)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray())
        .isEqualTo(file);
    problem(RestAssured.given().get("/v1/blobs/" + "0".repeat(64)), 404, "NOT_FOUND");
  }

  @Test
  void refusedUploadsLeaveNothingInTheBucket() throws IOException {
    String id = newId("s3-bad");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    byte[] file = sealed("visits", "hospital", id);
    List<String> before = bucket();
    for (Response r :
        List.of(
            as(BANK)
                .contentType("application/octet-stream")
                .body(file)
                .put("/v1/collaborations/" + id + "/datasets/visits"),
            as(HOSPITAL)
                .contentType("application/octet-stream")
                .body(Arrays.copyOf(file, file.length - 1))
                .put("/v1/collaborations/" + id + "/datasets/visits"))) {
      problem(r, 400, "DATASET_INVALID");
    }
    String at = location(open(HOSPITAL, id, "visits", null));
    send(HOSPITAL, at, Arrays.copyOf(file, file.length - 1), 0, maxChunk);
    problem(as(HOSPITAL).post(at + "/complete"), 400, "DATASET_INVALID");
    assertThat(bucket()).isEqualTo(before);
  }

  @Test
  void aResumableUploadIsCompletedIntoTheBucket() throws IOException {
    String id = newId("s3-resume");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    byte[] file = sealed("visits", "hospital", id, 300_000);
    String at = location(open(HOSPITAL, id, "visits", (long) file.length));
    send(HOSPITAL, at, file, 0, maxChunk);
    Response done = as(HOSPITAL).post(at + "/complete");
    done.then().statusCode(201);
    String digest = Digests.hex(Digests.sha256(file));
    assertThat(done.jsonPath().getString("sealedDigest")).isEqualTo(digest);
    assertThat(bucket())
        .contains("blobs/" + digest + ".sealed")
        .noneMatch(k -> k.startsWith("incoming/"));
    assertThat(download("/v1/blobs/" + digest)).isEqualTo(file);
  }
}
