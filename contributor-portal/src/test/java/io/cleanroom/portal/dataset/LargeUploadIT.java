package io.cleanroom.portal.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.SealedDatasetWriter;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * Constant memory, measured: the packaged portal with a small heap ({@code -Dlarge-upload.heap},
 * 128m) takes a sealed file several times larger ({@code -Dlarge-upload.mib}, 512) through the
 * one-shot PUT, and again through the resumable API in its largest chunks with the portal restarted
 * half-way (so the partial file is re-hashed). Prints the figures docs/benchmarks.md records.
 */
class LargeUploadIT {

  static final String OWNER = "hospital-owner";
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void aSealedFileManyTimesTheHeapGoesThroughThePutAndTheResumableApi() throws Exception {
    int mib = Integer.getInteger("large-upload.mib", 512);
    String heap = System.getProperty("large-upload.heap", "128m");
    URI issuer = KeycloakTestResource.server().issuerUrl();
    Path work = Files.createTempDirectory("portal-large-upload");
    Path data = work.resolve("portal");
    int port = PortalProcess.freePort();
    List<String> jvm = List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError");
    PortalProcess portal = PortalProcess.start(issuer, data, port, jvm);
    boolean passed = false;
    try {
      String id = "large-" + UUID.randomUUID().toString().substring(0, 8);
      String members =
          "{\"hospital\":[\"data-owner\"],\"bank\":[\"data-owner\"],\"research\":[\"analyst\"]}";
      send(
          portal,
          "POST",
          "/v1/collaborations",
          json("{\"id\":\"" + id + "\",\"name\":\"Large\",\"members\":" + members + "}"),
          201);
      Path file = seal(work, id, (long) mib << 17); // 8 bytes a row
      String digest = sha256(file);
      long size = Files.size(file);
      assertThat(size).isGreaterThan((long) mib << 20);

      long t0 = System.nanoTime();
      JsonNode put =
          send(
              portal,
              "PUT",
              "/v1/collaborations/" + id + "/datasets/visits",
              octets(BodyPublishers.ofFile(file)),
              201);
      double putSeconds = (System.nanoTime() - t0) / 1e9;
      assertThat(put.get("sealedDigest").asText()).isEqualTo(digest);
      assertThat(put.get("sizeBytes").asLong()).isEqualTo(size);

      t0 = System.nanoTime();
      String base = "/v1/collaborations/" + id + "/datasets/visits/uploads";
      JsonNode opened = send(portal, "POST", base, json("{\"size\":" + size + "}"), 201);
      String at = base + "/" + opened.get("uploadId").asText();
      long chunk = opened.get("maxChunkBytes").asLong();
      long offset = 0;
      boolean restarted = false;
      double restartSeconds = 0;
      while (offset < size) {
        if (!restarted && offset >= size / 2) {
          long r0 = System.nanoTime();
          portal.close();
          portal = PortalProcess.start(issuer, data, port, jvm);
          restartSeconds = (System.nanoTime() - r0) / 1e9;
          restarted = true;
          assertThat(send(portal, "GET", at, null, 200).get("offset").asLong()).isEqualTo(offset);
        }
        long length = Math.min(chunk, size - offset);
        JsonNode r =
            send(portal, "PATCH", at, slice(file, offset, length), 200, "Upload-Offset", offset);
        offset = r.get("offset").asLong();
      }
      JsonNode done = send(portal, "POST", at + "/complete", null, 201);
      double resumableSeconds = (System.nanoTime() - t0) / 1e9;
      assertThat(done.get("sealedDigest").asText()).isEqualTo(digest);
      assertThat(restarted).isTrue();
      assertThat(portal.ranOutOfMemory()).isFalse();
      System.out.printf(
          "large upload: %d MiB sealed file, portal -Xmx%s: PUT %.1f s; resumable in %d MiB"
              + " chunks %.1f s plus a restart half-way (%.1f s); portal peak RSS after the"
              + " restart %d MiB%n",
          size >> 20,
          heap,
          putSeconds,
          chunk >> 20,
          resumableSeconds - restartSeconds,
          restartSeconds,
          portal.peakResidentMib());
      passed = true;
    } finally {
      portal.close();
      if (passed) {
        try (var files = Files.walk(work)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      } else {
        System.out.println("large upload: the portal's data and log are kept in " + work);
      }
    }
  }

  /** A sealed file of one int64 column of {@code rows} rows, written batch by batch. */
  static Path seal(Path dir, String collaboration, long rows) {
    Path out = dir.resolve("large.sealed");
    Schema schema =
        new Schema(
            List.of(new Field("n", FieldType.notNullable(new ArrowType.Int(64, true)), null)));
    int batch = 1 << 20;
    try (BufferAllocator allocator = new RootAllocator();
        DatasetKey key = DatasetKey.generate();
        SealedDatasetWriter w =
            SealedDatasetWriter.builder()
                .datasetId("visits")
                .ownerOrg("hospital")
                .collaborationId(collaboration)
                .schema(schema)
                .key(key)
                .spoolDirectory(dir)
                .build();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      BigIntVector v = (BigIntVector) root.getVector(0);
      for (long done = 0; done < rows; done += batch) {
        int n = (int) Math.min(batch, rows - done);
        v.allocateNew(n);
        for (int i = 0; i < n; i++) {
          v.set(i, done + i);
        }
        root.setRowCount(n);
        w.write(root);
      }
      w.finish(out);
    }
    return out;
  }

  static String sha256(Path file) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return Digests.hex(sha.digest());
  }

  /** {@code length} bytes of {@code file} from {@code offset}, streamed. */
  static Map.Entry<String, BodyPublisher> slice(Path file, long offset, long length) {
    BodyPublisher body =
        BodyPublishers.fromPublisher(
            BodyPublishers.ofInputStream(
                () -> {
                  try {
                    FileChannel ch = FileChannel.open(file).position(offset);
                    return new java.io.FilterInputStream(Channels.newInputStream(ch)) {
                      long left = length;

                      @Override
                      public int read(byte[] b, int off, int len) throws IOException {
                        if (left <= 0) {
                          return -1;
                        }
                        int n = super.read(b, off, (int) Math.min(len, left));
                        if (n > 0) {
                          left -= n;
                        }
                        return n;
                      }
                    };
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                }),
            length);
    return Map.entry("application/offset+octet-stream", body);
  }

  static Map.Entry<String, BodyPublisher> json(String body) {
    return Map.entry("application/json", BodyPublishers.ofString(body));
  }

  static Map.Entry<String, BodyPublisher> octets(BodyPublisher body) {
    return Map.entry("application/octet-stream", body);
  }

  /** Sends a request as the hospital's owner, expects {@code status}, returns the JSON answer. */
  JsonNode send(
      PortalProcess portal,
      String method,
      String path,
      Map.Entry<String, BodyPublisher> body,
      int status,
      Object... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(portal.url().resolve(path))
            .header("Authorization", "Bearer " + KeycloakTestResource.token(OWNER));
    for (int i = 0; i < headers.length; i += 2) {
      b.header((String) headers[i], headers[i + 1].toString());
    }
    if (body == null) {
      b.method(method, BodyPublishers.noBody());
    } else {
      b.header("Content-Type", body.getKey()).method(method, body.getValue());
    }
    HttpResponse<String> r =
        http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(status);
    return CanonicalJson.parse(r.body());
  }
}
