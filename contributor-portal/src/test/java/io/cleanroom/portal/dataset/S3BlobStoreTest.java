package io.cleanroom.portal.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.dataset.ByteSource;
import io.cleanroom.crypto.json.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 blob store against a real S3-compatible server (S3Proxy): multipart uploads of several
 * parts, ranged reads, server-side copies (single and multipart), and nothing left behind by a
 * refused or discarded upload.
 */
class S3BlobStoreTest {

  static final int PART = 5 << 20;
  static S3Proxy proxy;
  static S3Client s3;
  static S3BlobStore store;

  @BeforeAll
  static void start() {
    proxy = S3Proxy.start();
    s3 = proxy.client();
    // Copies above 1 MiB go part by part (5 MiB parts), as those above 5 GiB do in production.
    store = new S3BlobStore(s3, S3Proxy.BUCKET, PART, 1 << 20, PART);
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static List<String> keys(String prefix) {
    return s3.listObjectsV2(b -> b.bucket(S3Proxy.BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  static byte[] kept(String sha256) throws IOException {
    try (InputStream in = store.open(sha256).orElseThrow()) {
      return in.readAllBytes();
    }
  }

  @Test
  void aLargeUploadGoesInPartsAndIsKeptByAMultipartCopy() throws IOException {
    byte[] bytes = random(3 * PART + 12345, 1);
    BlobStore.Staged staged = store.stage(new ByteArrayInputStream(bytes), Long.MAX_VALUE);
    assertThat(staged.sha256()).isEqualTo(Digests.hex(Digests.sha256(bytes)));
    assertThat(staged.size()).isEqualTo(bytes.length);
    assertThat(keys("incoming/")).containsExactly(staged.ref());
    try (ByteSource source = store.read(staged)) {
      assertThat(source.size()).isEqualTo(bytes.length);
      ByteBuffer dst = ByteBuffer.allocate(100);
      assertThat(source.read(dst, PART - 50)).isEqualTo(100);
      assertThat(dst.array()).isEqualTo(java.util.Arrays.copyOfRange(bytes, PART - 50, PART + 50));
      assertThat(source.read(ByteBuffer.allocate(10), bytes.length)).isEqualTo(-1);
    }
    store.keep(staged);
    assertThat(keys("incoming/")).isEmpty();
    assertThat(keys("blobs/")).contains("blobs/" + staged.sha256() + ".sealed");
    assertThat(kept(staged.sha256())).isEqualTo(bytes);
  }

  @Test
  void aSmallUploadIsOnePutAndAnIdenticalOneIsKeptOnce() throws IOException {
    byte[] bytes = random(1000, 2);
    BlobStore.Staged first = store.stage(new ByteArrayInputStream(bytes), 1000);
    store.keep(first);
    BlobStore.Staged again = store.stage(new ByteArrayInputStream(bytes), 1000);
    store.keep(again);
    assertThat(kept(first.sha256())).isEqualTo(bytes);
    assertThat(keys("incoming/")).isEmpty();
    assertThat(keys("blobs/" + first.sha256())).hasSize(1);
  }

  @Test
  void refusedAndDiscardedUploadsLeaveNothing() throws IOException {
    byte[] bytes = random(2 * PART + 1, 3);
    assertThatThrownBy(() -> store.stage(new ByteArrayInputStream(bytes), 2L * PART))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("more than");
    BlobStore.Staged staged = store.stage(new ByteArrayInputStream(bytes), Long.MAX_VALUE);
    store.discard(staged);
    assertThat(keys("incoming/")).isEmpty();
    assertThat(store.open(staged.sha256())).isEmpty();
    assertThat(store.open("../etc")).isEmpty();
    assertThat(s3.listMultipartUploads(b -> b.bucket(S3Proxy.BUCKET)).uploads()).isEmpty();
  }

  @Test
  void aLocalFileIsAdoptedOnlyWithTheDigestItWasGiven() throws IOException {
    byte[] bytes = random(PART + 7, 4);
    Path file = Files.createTempFile("portal-adopt", ".part");
    Files.write(file, bytes);
    String sha = Digests.hex(Digests.sha256(bytes));
    assertThatThrownBy(() -> store.adopt(file, "0".repeat(64), bytes.length))
        .isInstanceOf(IOException.class);
    assertThat(keys("incoming/")).isEmpty();
    BlobStore.Staged staged = store.adopt(file, sha, bytes.length);
    assertThat(file).doesNotExist();
    store.keep(staged);
    assertThat(kept(sha)).isEqualTo(bytes);
  }
}
