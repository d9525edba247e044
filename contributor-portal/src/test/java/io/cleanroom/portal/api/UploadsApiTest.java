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
import static io.cleanroom.portal.api.DatasetsApiTest.CANARY;
import static io.cleanroom.portal.api.DatasetsApiTest.sealed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.portal.dataset.UploadRecord;
import io.cleanroom.portal.dataset.Uploads;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Resumable uploads: chunks at the upload's offset, completed through the PUT's checks; another
 * offset, another organization, an oversized chunk, a broken file, expiry and concurrent chunks are
 * refused or cleaned up, and nothing of them is kept.
 */
@QuarkusTest
@QuarkusTestResource(KeycloakTestResource.class)
class UploadsApiTest {

  @ConfigProperty(name = "portal.uploads.dir")
  Path partials;

  @ConfigProperty(name = "portal.uploads.max-chunk-bytes")
  int maxChunk;

  @ConfigProperty(name = "portal.uploads.max-bytes")
  long maxBytes;

  @Inject Uploads uploads;

  @TestHTTPResource("/")
  URL portal;

  static String base(String id, String dataset) {
    return "/v1/collaborations/" + id + "/datasets/" + dataset + "/uploads";
  }

  static Response open(String user, String id, String dataset, Long size) {
    return as(user)
        .contentType(ContentType.JSON)
        .body(size == null ? Map.of() : Map.of("size", size))
        .post(base(id, dataset));
  }

  static Response patch(String user, String location, long offset, byte[] chunk) {
    return as(user)
        .contentType("application/offset+octet-stream")
        .header("Upload-Offset", offset)
        .body(chunk)
        .patch(location);
  }

  /** Sends {@code file} in chunks of {@code chunk} bytes from {@code from}; returns the offset. */
  static long send(String user, String location, byte[] file, long from, int chunk) {
    long offset = from;
    while (offset < file.length) {
      int end = (int) Math.min(file.length, offset + chunk);
      Response r = patch(user, location, offset, Arrays.copyOfRange(file, (int) offset, end));
      r.then().statusCode(200).header("Upload-Offset", Integer.toString(end));
      offset = r.jsonPath().getLong("offset");
      assertThat(offset).isEqualTo(end);
    }
    return offset;
  }

  static String location(Response opened) {
    opened.then().statusCode(201);
    String location = opened.header("Location");
    assertThat(location).endsWith("/uploads/" + opened.jsonPath().getString("uploadId"));
    return java.net.URI.create(location).getPath();
  }

  @Test
  void aFileSentInChunksIsCompletedLikeAPut() throws IOException {
    String id = newId("up");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    byte[] file = sealed("visits", "hospital", id, 300_000);
    assertThat(file.length).isGreaterThan(2 * maxChunk);
    Response opened = open(HOSPITAL, id, "visits", (long) file.length);
    assertThat(opened.jsonPath().getLong("offset")).isZero();
    assertThat(opened.jsonPath().getLong("size")).isEqualTo(file.length);
    assertThat(opened.jsonPath().getLong("maxChunkBytes")).isEqualTo(maxChunk);
    assertThat(Instant.parse(opened.jsonPath().getString("expiresAt"))).isAfter(Instant.now());
    String at = location(opened);

    send(HOSPITAL, at, Arrays.copyOf(file, maxChunk), 0, maxChunk);
    assertThat(as(HOSPITAL).get(at).then().statusCode(200).extract().jsonPath().getLong("offset"))
        .isEqualTo(maxChunk);
    send(HOSPITAL, at, file, maxChunk, maxChunk);

    Response done = as(HOSPITAL).post(at + "/complete");
    done.then().statusCode(201);
    String digest = Digests.hex(Digests.sha256(file));
    assertThat(done.jsonPath().getString("sealedDigest")).isEqualTo(digest);
    assertThat(done.jsonPath().getLong("sizeBytes")).isEqualTo(file.length);
    assertThat(done.jsonPath().getLong("rowCount")).isEqualTo(300_000);
    assertThat(done.asString()).doesNotContain(Long.toString(CANARY));
    assertThat(as(BANK).get("/v1/blobs/" + digest).then().statusCode(200).extract().asByteArray())
        .isEqualTo(file);
    JsonNode entries =
        CanonicalJson.parse(
            as(AUDITOR).get("/v1/collaborations/" + id + "/log/entries?start=1").asString());
    assertThat(entries).hasSize(1);
    JsonNode e = entries.get(0).get("entry").get("entry");
    assertThat(e.get("event").asText()).isEqualTo("dataset.uploaded");
    assertThat(e.get("sealedDigest").asText()).isEqualTo(digest);
    // Completed: the upload and its partial file are gone.
    problem(as(HOSPITAL).get(at), 404, "NOT_FOUND");
    assertThat(partials.resolve(opened.jsonPath().getString("uploadId") + ".part")).doesNotExist();
  }

  @Test
  void aChunkAtAnotherOffsetIsRefusedAndNothingIsWritten() throws IOException {
    String id = newId("up-offset");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    byte[] file = sealed("visits", "hospital", id);
    String at = location(open(HOSPITAL, id, "visits", null));
    int half = file.length / 2;
    send(HOSPITAL, at, Arrays.copyOf(file, half), 0, maxChunk);
    for (long wrong : List.of(0L, half - 1L, half + 1L)) {
      Response r = patch(HOSPITAL, at, wrong, Arrays.copyOfRange(file, half, file.length));
      problem(r, 409, "OFFSET_MISMATCH");
      assertThat(r.jsonPath().getLong("offset")).isEqualTo(half);
    }
    problem(
        as(HOSPITAL).contentType("application/offset+octet-stream").body(file).patch(at),
        400,
        "MALFORMED_REQUEST");
    send(HOSPITAL, at, file, half, maxChunk);
    Response done = as(HOSPITAL).post(at + "/complete");
    done.then().statusCode(201);
    assertThat(done.jsonPath().getString("sealedDigest"))
        .isEqualTo(Digests.hex(Digests.sha256(file)));
  }

  @Test
  void onlyTheOrganizationThatOpenedAnUploadSeesIt() throws IOException {
    String id = newId("up-iso");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    String other = newId("up-iso-other");
    create(HOSPITAL, other, demoMembers()).then().statusCode(201);
    byte[] file = sealed("visits", "hospital", id);
    Response opened = open(HOSPITAL, id, "visits", null);
    String at = location(opened);
    String upload = opened.jsonPath().getString("uploadId");
    List<String> elsewhere =
        List.of(
            base(id, "accounts") + "/" + upload,
            base(other, "visits") + "/" + upload,
            base(id, "visits") + "/" + java.util.UUID.randomUUID());
    for (String path : elsewhere) {
      problem(as(HOSPITAL).get(path), 404, "NOT_FOUND");
    }
    // Another data owner of the same collaboration: the upload does not exist for it.
    problem(as(BANK).get(at), 404, "NOT_FOUND");
    problem(patch(BANK, at, 0, file), 404, "NOT_FOUND");
    problem(as(BANK).post(at + "/complete"), 404, "NOT_FOUND");
    problem(as(BANK).delete(at), 404, "NOT_FOUND");
    // An analyst cannot upload at all; no token is no upload.
    problem(open(ANALYST, id, "visits", null), 403, "ROLE_REQUIRED");
    problem(as(ANALYST).get(at), 403, "ROLE_REQUIRED");
    problem(io.restassured.RestAssured.given().get(at), 401, "UNAUTHENTICATED");
    // The owner's upload is untouched by all that.
    assertThat(as(HOSPITAL).get(at).jsonPath().getLong("offset")).isZero();
    send(HOSPITAL, at, file, 0, maxChunk);
    as(HOSPITAL).post(at + "/complete").then().statusCode(201);
  }

  @Test
  void aChunkThatBreaksOffLeavesTheOffsetAtTheBytesKept() throws Exception {
    String id = newId("up-broken");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    byte[] file = sealed("visits", "hospital", id, 100_000);
    Response opened = open(HOSPITAL, id, "visits", null);
    String at = location(opened);
    Path part = partials.resolve(opened.jsonPath().getString("uploadId") + ".part");
    // The connection drops half-way through a chunk that announced the whole file.
    try (Socket s = new Socket(portal.getHost(), portal.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("PATCH "
                  + at
                  + " HTTP/1.1\r\nHost: "
                  + portal.getHost()
                  + "\r\nAuthorization: Bearer "
                  + KeycloakTestResource.token(HOSPITAL)
                  + "\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0"
                  + "\r\nContent-Length: "
                  + file.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(file, 0, file.length / 2);
      out.flush();
    }
    // Whatever the portal kept of it, the offset says exactly that: resuming there completes it.
    long offset = -1;
    for (int attempt = 0; attempt < 100; attempt++) {
      offset = as(HOSPITAL).get(at).jsonPath().getLong("offset");
      Response r = patch(HOSPITAL, at, offset, Arrays.copyOfRange(file, (int) offset, file.length));
      if (r.statusCode() == 200) {
        break;
      }
      problem(r, 409, "OFFSET_MISMATCH");
      Thread.sleep(100);
    }
    assertThat(offset).isBetween(0L, file.length / 2L);
    assertThat(part).hasSize(file.length);
    Response done = as(HOSPITAL).post(at + "/complete");
    done.then().statusCode(201);
    assertThat(done.jsonPath().getString("sealedDigest"))
        .isEqualTo(Digests.hex(Digests.sha256(file)));
  }

  @Test
  void anOversizedChunkIsRefusedAndTheUploadStaysWhereItWas() throws IOException {
    String id = newId("up-big");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    byte[] file = sealed("visits", "hospital", id);
    String at = location(open(HOSPITAL, id, "visits", (long) file.length));
    byte[] tooBig = new byte[maxChunk + 1];
    // Announced by Content-Length, and streamed without one (cut off as it arrives).
    problem(patch(HOSPITAL, at, 0, tooBig), 413, "UPLOAD_TOO_LARGE");
    problem(
        as(HOSPITAL)
            .contentType("application/offset+octet-stream")
            .header("Upload-Offset", 0)
            .body(new ByteArrayInputStream(tooBig))
            .patch(at),
        413,
        "UPLOAD_TOO_LARGE");
    // Past the announced size.
    problem(patch(HOSPITAL, at, 0, Arrays.copyOf(file, file.length + 1)), 413, "UPLOAD_TOO_LARGE");
    assertThat(as(HOSPITAL).get(at).jsonPath().getLong("offset")).isZero();
    assertThat(partials.resolve(at.substring(at.lastIndexOf('/') + 1) + ".part")).isEmptyFile();
    problem(open(HOSPITAL, id, "visits", -1L), 400, "MALFORMED_REQUEST");
    problem(open(HOSPITAL, id, "visits", maxBytes + 1), 413, "UPLOAD_TOO_LARGE");
    send(HOSPITAL, at, file, 0, maxChunk);
    as(HOSPITAL).post(at + "/complete").then().statusCode(201);
  }

  @Test
  void aTruncatedOrGarbledFileIsRefusedAtCompletionAndNothingIsKept() throws IOException {
    String id = newId("up-bad");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    byte[] file = sealed("visits", "hospital", id);
    byte[] garbled = file.clone();
    garbled[12] ^= 0x40;
    for (byte[] bad :
        List.of(
            Arrays.copyOf(file, file.length - 1), garbled, sealed("visits", "hospital", "other"))) {
      Response opened = open(HOSPITAL, id, "visits", null);
      String at = location(opened);
      send(HOSPITAL, at, bad, 0, maxChunk);
      problem(as(HOSPITAL).post(at + "/complete"), 400, "DATASET_INVALID");
      problem(as(HOSPITAL).get(at), 404, "NOT_FOUND");
      assertThat(partials.resolve(opened.jsonPath().getString("uploadId") + ".part"))
          .doesNotExist();
      problem(
          io.restassured.RestAssured.given().get("/v1/blobs/" + Digests.hex(Digests.sha256(bad))),
          404,
          "NOT_FOUND");
    }
    // Completing before the announced size arrived is refused the same way.
    String at = location(open(HOSPITAL, id, "visits", (long) file.length));
    send(HOSPITAL, at, Arrays.copyOf(file, 10), 0, maxChunk);
    problem(as(HOSPITAL).post(at + "/complete"), 400, "DATASET_INVALID");
    problem(as(HOSPITAL).get(at), 404, "NOT_FOUND");
    assertThat(as(AUDITOR).get("/v1/collaborations/" + id + "/datasets").jsonPath().getList("$"))
        .isEmpty();
    assertThat(
            CanonicalJson.parse(
                as(AUDITOR).get("/v1/collaborations/" + id + "/log/entries?start=1").asString()))
        .isEmpty();
  }

  @Test
  void aRestartBetweenChunksRehashesThePartialFile() throws IOException {
    String id = newId("up-restart");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    byte[] file = sealed("visits", "hospital", id, 200_000);
    String at = location(open(HOSPITAL, id, "visits", null));
    send(HOSPITAL, at, Arrays.copyOf(file, maxChunk), 0, maxChunk);
    // What a restart loses: everything in memory (the running hash); the row and bytes remain.
    uploads.forgetProgress();
    assertThat(as(HOSPITAL).get(at).jsonPath().getLong("offset")).isEqualTo(maxChunk);
    send(HOSPITAL, at, file, maxChunk, maxChunk);
    uploads.forgetProgress();
    Response done = as(HOSPITAL).post(at + "/complete");
    done.then().statusCode(201);
    assertThat(done.jsonPath().getString("sealedDigest"))
        .isEqualTo(Digests.hex(Digests.sha256(file)));
  }

  @Test
  void expiredUploadsAreGoneAndSweptWithTheirBytes() throws IOException {
    String id = newId("up-expiry");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    byte[] file = sealed("visits", "hospital", id);
    Response opened = open(HOSPITAL, id, "visits", null);
    String at = location(opened);
    String upload = opened.jsonPath().getString("uploadId");
    send(HOSPITAL, at, Arrays.copyOf(file, 100), 0, maxChunk);
    Path part = partials.resolve(upload + ".part");
    assertThat(part).hasSize(100);
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                UploadRecord.update(
                    "expiresAt = ?1 where id = ?2", Instant.now().minusSeconds(1), upload));
    problem(as(HOSPITAL).get(at), 404, "NOT_FOUND");
    problem(patch(HOSPITAL, at, 100, Arrays.copyOfRange(file, 100, 200)), 404, "NOT_FOUND");
    assertThat(uploads.sweep()).isGreaterThanOrEqualTo(1);
    assertThat(part).doesNotExist();
    UploadRecord row = QuarkusTransaction.requiringNew().call(() -> UploadRecord.findById(upload));
    assertThat(row).isNull();
  }

  @Test
  void anAbandonedUploadsBytesAreDeleted() throws IOException {
    String id = newId("up-abandon");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    Response opened = open(HOSPITAL, id, "visits", null);
    String at = location(opened);
    send(HOSPITAL, at, sealed("visits", "hospital", id), 0, maxChunk);
    as(HOSPITAL).delete(at).then().statusCode(204);
    problem(as(HOSPITAL).get(at), 404, "NOT_FOUND");
    problem(as(HOSPITAL).post(at + "/complete"), 404, "NOT_FOUND");
    assertThat(partials.resolve(opened.jsonPath().getString("uploadId") + ".part")).doesNotExist();
  }

  @Test
  void concurrentChunksAtOneOffsetNeverInterleave() throws Exception {
    String id = newId("up-race");
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    // Two different sealed files of the same length (fresh keys), each one chunk.
    byte[] a = sealed("visits", "hospital", id, 100_000);
    byte[] b = sealed("visits", "hospital", id, 100_000);
    assertThat(a).hasSameSizeAs(b).isNotEqualTo(b);
    assertThat(a.length).isLessThanOrEqualTo(maxChunk);
    for (int round = 0; round < 3; round++) {
      String at = location(open(HOSPITAL, id, "visits", null));
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Response>> sent =
          List.of(a, b).stream()
              .map(
                  chunk ->
                      CompletableFuture.supplyAsync(
                          () -> {
                            try {
                              go.await();
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                            return patch(HOSPITAL, at, 0, chunk);
                          }))
              .toList();
      go.countDown();
      List<Integer> statuses = sent.stream().map(f -> f.join().statusCode()).sorted().toList();
      assertThat(statuses).containsExactly(200, 409);
      sent.stream()
          .map(CompletableFuture::join)
          .filter(r -> r.statusCode() == 409)
          .forEach(r -> problem(r, 409, "OFFSET_MISMATCH"));
      Response done = as(HOSPITAL).post(at + "/complete");
      done.then().statusCode(201);
      assertThat(done.jsonPath().getString("sealedDigest"))
          .isIn(Digests.hex(Digests.sha256(a)), Digests.hex(Digests.sha256(b)));
      assertThat(partials.resolve(at.substring(at.lastIndexOf('/') + 1) + ".part")).doesNotExist();
    }
  }
}
