package io.cleanroom.crypto.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.CryptoException.Code;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way of tampering with a sealed file is refused with a clear, specific error. */
class SealedDatasetTamperTest {

  private static final Schema TWO_LONGS =
      new Schema(
          List.of(
              SampleBatches.field("a1", "int64", false),
              SampleBatches.field("a2", "int64", false)));

  /** 400,000 int64 values: 3.2 MB per column, four 1 MiB segments. */
  private static final int ROWS = 400_000;

  private static final int TINK_HEADER = 40;
  private static final int SEGMENT = 1 << 20;

  @TempDir Path dir;
  private BufferAllocator allocator;
  private final DatasetKey key = DatasetKey.generate();

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
    key.close();
  }

  private byte[] seal(String datasetId, DatasetKey k, long seed) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SealedDatasetWriter w =
            SealedDatasetWriter.builder()
                .datasetId(datasetId)
                .ownerOrg("bank")
                .collaborationId("collab")
                .schema(TWO_LONGS)
                .key(k)
                .spoolInMemory()
                .build();
        VectorSchemaRoot root = VectorSchemaRoot.create(TWO_LONGS, allocator)) {
      for (int batch = 0; batch < 4; batch++) {
        int n = ROWS / 4;
        BigIntVector a1 = (BigIntVector) root.getVector(0);
        BigIntVector a2 = (BigIntVector) root.getVector(1);
        a1.allocateNew(n);
        a2.allocateNew(n);
        for (int i = 0; i < n; i++) {
          a1.set(i, seed + i);
          a2.set(i, seed * 7 + i);
        }
        root.setRowCount(n);
        w.write(root);
      }
      w.finish(Channels.newChannel(out));
    }
    return out.toByteArray();
  }

  private long readAll(byte[] file, DatasetKey k) {
    long rows = 0;
    try (SealedDatasetReader r = SealedDatasetReader.open(ByteSource.of(ByteBuffer.wrap(file)));
        SealedBatchStream s = r.openAll(k, allocator)) {
      while (s.loadNextBatch()) {
        rows += s.getVectorSchemaRoot().getRowCount();
      }
    }
    return rows;
  }

  private static int headerLength(byte[] file) {
    return ByteBuffer.wrap(file, 8, 4).getInt();
  }

  private static int bodyStart(byte[] file) {
    return 12 + headerLength(file) + 32;
  }

  private static SealedHeader header(byte[] file) {
    return SealedHeader.parse(Arrays.copyOfRange(file, 12, 12 + headerLength(file)));
  }

  /** Start of column {@code c}'s stream in the file. */
  private static int columnStart(byte[] file, int c) {
    return bodyStart(file) + (int) header(file).layout().ranges().get(c).offset();
  }

  /** Start of segment {@code s} (0-based) of column {@code c}. */
  private static int segmentStart(byte[] file, int c, int s) {
    return columnStart(file, c) + (s == 0 ? TINK_HEADER : SEGMENT * s);
  }

  private static byte[] flip(byte[] file, int position) {
    byte[] copy = file.clone();
    copy[position] ^= 0x01;
    return copy;
  }

  private void assertRefused(byte[] file, DatasetKey k, Code... codes) {
    assertThatThrownBy(() -> readAll(file, k))
        .isInstanceOf(CryptoException.class)
        .satisfies(e -> assertThat(((CryptoException) e).code()).isIn((Object[]) codes));
  }

  /**
   * Rebuilds the file with an edited header, re-tagged with the real key (an insider's forgery).
   */
  private byte[] withRetaggedHeader(byte[] file, UnaryOperator<ObjectNode> edit, byte[] body) {
    ObjectNode json =
        (ObjectNode) CanonicalJson.parse(Arrays.copyOfRange(file, 12, 12 + headerLength(file)));
    byte[] header = CanonicalJson.toBytes(edit.apply(json));
    byte[] prefix = SealedFormat.prefix(header.length);
    byte[] tag = SealedFormat.headerTag(key, prefix, header);
    return ByteBuffer.allocate(prefix.length + header.length + tag.length + body.length)
        .put(prefix)
        .put(header)
        .put(tag)
        .put(body)
        .array();
  }

  @Test
  void anUntouchedFileReads() throws Exception {
    assertThat(readAll(seal("d", key, 1), key)).isEqualTo(ROWS);
  }

  @Test
  void refusesAFlippedBitAnywhereInTheHeader() throws Exception {
    byte[] file = seal("d", key, 1);
    int end = bodyStart(file);
    for (int pos = 0; pos < end; pos += (pos < 44 ? 1 : 7)) {
      int p = pos;
      assertThatThrownBy(() -> readAll(flip(file, p), key))
          .as("bit flipped at byte %d", p)
          .isInstanceOf(CryptoException.class)
          .satisfies(
              e ->
                  assertThat(((CryptoException) e).code())
                      .isIn(
                          EnumSet.of(
                              Code.NOT_A_SEALED_DATASET,
                              Code.MALFORMED_HEADER,
                              Code.UNSUPPORTED_VERSION,
                              Code.LENGTH_MISMATCH,
                              Code.WRONG_KEY,
                              Code.HEADER_AUTHENTICATION_FAILED)));
    }
  }

  @Test
  void refusesAFlippedBitInTheHeaderTag() throws Exception {
    byte[] file = seal("d", key, 1);
    assertRefused(flip(file, bodyStart(file) - 1), key, Code.HEADER_AUTHENTICATION_FAILED);
    assertRefused(flip(file, bodyStart(file) - 32), key, Code.HEADER_AUTHENTICATION_FAILED);
  }

  @Test
  void refusesAFlippedBitInEverySegmentAndTag() throws Exception {
    byte[] file = seal("d", key, 1);
    for (int c = 0; c < 2; c++) {
      int end = c == 0 ? columnStart(file, 1) : file.length;
      // Tink's stream header (salt, nonce prefix), the first byte of each segment, the GCM tag
      // that ends each segment, and the last byte of the column.
      int[] positions = {
        columnStart(file, c),
        columnStart(file, c) + 5,
        columnStart(file, c) + 39,
        segmentStart(file, c, 0),
        segmentStart(file, c, 1) - 1,
        segmentStart(file, c, 1),
        segmentStart(file, c, 2) - 16,
        segmentStart(file, c, 3),
        end - 17,
        end - 1
      };
      for (int p : positions) {
        assertRefused(flip(file, p), key, Code.COLUMN_AUTHENTICATION_FAILED);
      }
    }
  }

  @Test
  void refusesATruncatedFile() throws Exception {
    byte[] file = seal("d", key, 1);
    int lastSegment = segmentStart(file, 1, 3);
    assertRefused(Arrays.copyOf(file, lastSegment), key, Code.LENGTH_MISMATCH);
    assertRefused(Arrays.copyOf(file, lastSegment + 1000), key, Code.LENGTH_MISMATCH);
    assertRefused(Arrays.copyOf(file, segmentStart(file, 0, 2) + 12345), key, Code.LENGTH_MISMATCH);
    assertRefused(Arrays.copyOf(file, 20), key, Code.MALFORMED_HEADER, Code.LENGTH_MISMATCH);
  }

  @Test
  void refusesAColumnStreamMissingItsLastSegmentEvenUnderAConsistentHeader() throws Exception {
    byte[] file = seal("d", key, 1);
    int body = bodyStart(file);
    long len1 = header(file).layout().ranges().get(1).length();
    long dropped = file.length - segmentStart(file, 1, 3);
    byte[] forged =
        withRetaggedHeader(
            file,
            h -> {
              ((ObjectNode) h.path("layout").path("columns").get(1)).put("length", len1 - dropped);
              return h;
            },
            Arrays.copyOfRange(file, body, file.length - (int) dropped));
    assertRefused(forged, key, Code.COLUMN_AUTHENTICATION_FAILED);
  }

  @Test
  void refusesReorderedSegments() throws Exception {
    byte[] file = seal("d", key, 1);
    byte[] swapped = file.clone();
    int s1 = segmentStart(file, 0, 1);
    int s2 = segmentStart(file, 0, 2);
    System.arraycopy(file, s1, swapped, s2, SEGMENT);
    System.arraycopy(file, s2, swapped, s1, SEGMENT);
    assertRefused(swapped, key, Code.COLUMN_AUTHENTICATION_FAILED);
  }

  @Test
  void refusesSwappedColumnStreams() throws Exception {
    byte[] file = seal("d", key, 1);
    SealedHeader h = header(file);
    assertThat(h.layout().ranges().get(0).length()).isEqualTo(h.layout().ranges().get(1).length());
    int len = (int) h.layout().ranges().get(0).length();
    byte[] swapped = file.clone();
    System.arraycopy(file, columnStart(file, 0), swapped, columnStart(file, 1), len);
    System.arraycopy(file, columnStart(file, 1), swapped, columnStart(file, 0), len);
    assertRefused(swapped, key, Code.COLUMN_AUTHENTICATION_FAILED);
  }

  @Test
  void refusesAColumnStreamFromAnotherDatasetUnderTheSameKey() throws Exception {
    byte[] a = seal("dataset-a", key, 1);
    byte[] b = seal("dataset-b", key, 1);
    int len = (int) header(a).layout().ranges().get(0).length();
    assertThat(header(b).layout().ranges().get(0).length()).isEqualTo(len);
    byte[] mixed = b.clone();
    System.arraycopy(a, columnStart(a, 0), mixed, columnStart(b, 0), len);
    assertRefused(mixed, key, Code.COLUMN_AUTHENTICATION_FAILED);
  }

  @Test
  void refusesTheHeaderOfOneDatasetOnTheBodyOfAnother() throws Exception {
    byte[] a = seal("dataset-a", key, 1);
    byte[] b = seal("dataset-b", key, 2);
    byte[] mixed =
        ByteBuffer.allocate(bodyStart(a) + b.length - bodyStart(b))
            .put(a, 0, bodyStart(a))
            .put(b, bodyStart(b), b.length - bodyStart(b))
            .array();
    assertRefused(mixed, key, Code.COLUMN_AUTHENTICATION_FAILED, Code.LENGTH_MISMATCH);
  }

  @Test
  void refusesTheWrongKeyBeforeDecryptingAnything() throws Exception {
    byte[] file = seal("d", key, 1);
    try (DatasetKey other = DatasetKey.generate()) {
      assertThatThrownBy(() -> readAll(file, other))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("not this dataset's key")
          .satisfies(e -> assertThat(((CryptoException) e).code()).isEqualTo(Code.WRONG_KEY));
    }
  }

  @Test
  void refusesAHeaderWhoseKeyIdWasReplacedWithAnotherKeys() throws Exception {
    byte[] file = seal("d", key, 1);
    try (DatasetKey other = DatasetKey.generate()) {
      String text =
          new String(file, 12, headerLength(file), java.nio.charset.StandardCharsets.UTF_8);
      byte[] header =
          text.replace(key.keyId(), other.keyId())
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] forged = file.clone();
      System.arraycopy(header, 0, forged, 12, header.length);
      assertRefused(forged, other, Code.HEADER_AUTHENTICATION_FAILED);
    }
  }

  @Test
  void refusesTrailingBytes() throws Exception {
    byte[] file = seal("d", key, 1);
    assertRefused(Arrays.copyOf(file, file.length + 1), key, Code.LENGTH_MISMATCH);
  }

  @Test
  void refusesBytesThatAreNotASealedDataset() throws Exception {
    assertRefused(new byte[0], key, Code.NOT_A_SEALED_DATASET);
    assertRefused(
        "hello, world: not sealed".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        key,
        Code.NOT_A_SEALED_DATASET);
    byte[] arrowFile =
        "ARROW1\0\0 plus some bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertRefused(arrowFile, key, Code.NOT_A_SEALED_DATASET);
  }

  @Test
  void refusesAHeaderLengthBeyondTheFile() throws Exception {
    byte[] file = seal("d", key, 1);
    ByteBuffer.wrap(file).putInt(8, Integer.MAX_VALUE);
    assertRefused(file, key, Code.MALFORMED_HEADER);
  }

  @Test
  void failsOnDiskTooWithoutWritingAnything() throws Exception {
    byte[] file = flip(seal("d", key, 1), 3_000_000);
    Path p = dir.resolve("tampered.sealed");
    Files.write(p, file);
    try (SealedDatasetReader r = SealedDatasetReader.open(p)) {
      assertThat(r.header().binding().datasetId()).isEqualTo("d");
      assertThatThrownBy(
              () -> {
                try (SealedBatchStream s = r.openAll(key, allocator)) {
                  while (s.loadNextBatch()) {
                    // consume
                  }
                }
              })
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("failed authentication");
    }
  }
}
