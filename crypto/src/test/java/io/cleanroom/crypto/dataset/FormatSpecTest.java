package io.cleanroom.crypto.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.Test;

/**
 * Decodes a sealed file with nothing but docs/format.md and the JDK's primitives (HMAC, AES-GCM),
 * so that the document a browser implementer follows is proven to match the Java writer.
 */
class FormatSpecTest {

  private static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    ByteArrayOutputStream okm = new ByteArrayOutputStream();
    byte[] t = new byte[0];
    for (int i = 1; okm.size() < length; i++) {
      mac.update(t);
      mac.update(info);
      mac.update((byte) i);
      t = mac.doFinal();
      okm.write(t);
    }
    return Arrays.copyOf(okm.toByteArray(), length);
  }

  @Test
  void aSealedFileDecodesWithOnlyTheDocumentedRules() throws Exception {
    int rows = 300_000; // the int64 column spans three Tink segments
    ByteArrayOutputStream sealed = new ByteArrayOutputStream();
    byte[] dek;
    String expectedFirstColumn;
    try (BufferAllocator allocator = new RootAllocator();
        DatasetKey key = DatasetKey.generate();
        SealedDatasetWriter w =
            SealedDatasetWriter.builder()
                .datasetId("visits")
                .ownerOrg("hospital")
                .collaborationId("c")
                .schema(SampleBatches.SCHEMA)
                .key(key)
                .spoolInMemory()
                .build();
        VectorSchemaRoot batch = SampleBatches.batch(allocator, rows, 3)) {
      w.write(batch);
      w.finish(Channels.newChannel(sealed));
      dek = key.toBytes(KeyAccess.rawKeyMaterial());
      expectedFirstColumn =
          new VectorSchemaRoot(java.util.List.of(batch.getVector(0))).contentToTSVString();
    }
    byte[] file = sealed.toByteArray();

    // 1. Layout: magic, header length, canonical header, tag, body.
    assertThat(new String(file, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("CRSEALED");
    int h = ByteBuffer.wrap(file, 8, 4).getInt();
    byte[] header = Arrays.copyOfRange(file, 12, 12 + h);
    assertThat(CanonicalJson.canonicalize(header)).isEqualTo(header);
    JsonNode json = CanonicalJson.parse(header);
    int body = 12 + h + 32;

    // 3. Key id and header tag.
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update("cleanroom/dataset-key-id/v1\0".getBytes(StandardCharsets.US_ASCII));
    String keyId =
        Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha.digest(dek), 16));
    assertThat(json.path("dataset").path("keyId").asText()).isEqualTo(keyId);
    byte[] kHdr =
        hkdf(
            dek,
            new byte[0],
            "cleanroom/sealed-dataset/v1/header-tag".getBytes(StandardCharsets.US_ASCII),
            32);
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(kHdr, "HmacSHA256"));
    hmac.update(file, 0, 12 + h);
    assertThat(hmac.doFinal()).isEqualTo(Arrays.copyOfRange(file, 12 + h, body));

    // 4. Column 0: associated data, Tink stream header, segments.
    JsonNode col = json.path("layout").path("columns").get(0);
    int start = body + col.path("offset").asInt();
    int length = col.path("length").asInt();
    byte[] bindingDigest =
        MessageDigest.getInstance("SHA-256").digest(CanonicalJson.toBytes(json.path("dataset")));
    byte[] name = col.path("name").asText().getBytes(StandardCharsets.UTF_8);
    byte[] ad =
        ByteBuffer.allocate(32 + 4 + name.length).put(bindingDigest).putInt(0).put(name).array();
    assertThat(file[start]).isEqualTo((byte) 40);
    byte[] salt = Arrays.copyOfRange(file, start + 1, start + 33);
    byte[] noncePrefix = Arrays.copyOfRange(file, start + 33, start + 40);
    SecretKeySpec segmentKey = new SecretKeySpec(hkdf(dek, salt, ad, 32), "AES");

    ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
    int pos = start + 40;
    int end = start + length;
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    for (int k = 0; pos < end; k++) {
      int segment = (k == 0 ? (1 << 20) - 40 : 1 << 20);
      int n = Math.min(segment, end - pos);
      boolean last = pos + n == end;
      byte[] nonce =
          ByteBuffer.allocate(12).put(noncePrefix).putInt(k).put((byte) (last ? 1 : 0)).array();
      gcm.init(Cipher.DECRYPT_MODE, segmentKey, new GCMParameterSpec(128, nonce));
      plaintext.write(gcm.doFinal(file, pos, n));
      pos += n;
      if (k == 0) {
        assertThat(last).as("the column spans several segments").isFalse();
      }
    }

    // The plaintext is an Arrow IPC stream of one field, ending with the end-of-stream marker.
    byte[] ipc = plaintext.toByteArray();
    assertThat(Arrays.copyOfRange(ipc, ipc.length - 8, ipc.length))
        .isEqualTo(new byte[] {-1, -1, -1, -1, 0, 0, 0, 0});
    try (BufferAllocator allocator = new RootAllocator();
        ArrowStreamReader reader =
            new ArrowStreamReader(new ByteArrayInputStream(ipc), allocator)) {
      assertThat(reader.loadNextBatch()).isTrue();
      assertThat(reader.getVectorSchemaRoot().contentToTSVString()).isEqualTo(expectedFirstColumn);
      assertThat(reader.loadNextBatch()).isFalse();
    }
  }
}
