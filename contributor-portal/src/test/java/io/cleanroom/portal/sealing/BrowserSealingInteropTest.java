package io.cleanroom.portal.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.SealedBatchStream;
import io.cleanroom.crypto.dataset.SealedDatasetReader;
import io.cleanroom.crypto.dataset.SealedDatasetWriter;
import io.cleanroom.crypto.dataset.SealedHeader;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser sealing code (JavaScript, run under Node.js and in headless Chromium) writes sealed
 * datasets that the Java reader opens value for value, and that it refuses once tampered with.
 */
class BrowserSealingInteropTest {

  private static final int ROWS = 2500;
  private static final int BATCH_ROWS = 1000;

  @TempDir Path dir;
  private BufferAllocator allocator;

  @BeforeAll
  static void nodeIsThere() throws Exception {
    NodeSealer.requireNode();
  }

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  @Test
  void javaReaderOpensASealedCsvValueForValue() throws Exception {
    InteropTable table = new InteropTable(ROWS, 7);
    Path csv = dir.resolve("visits.csv");
    Files.writeString(csv, table.csv());
    Path sealed = dir.resolve("visits.sealed");

    NodeSealer.Result r = NodeSealer.seal(csv, sealed, meta(true, BATCH_ROWS));

    assertThat(r.ok()).as(r.stderr()).isTrue();
    byte[] file = Files.readAllBytes(sealed);
    assertThat(r.size()).isEqualTo(file.length);
    assertThat(r.sha256()).isEqualTo(HexFormat.of().formatHex(Digests.sha256(file)));
    try (SealedDatasetReader reader = SealedDatasetReader.open(sealed);
        DatasetKey key = DatasetKey.fromBytes(r.key(), KeyAccess.rawKeyMaterial())) {
      SealedHeader h = reader.header();
      assertThat(h.binding().datasetId()).isEqualTo("visits");
      assertThat(h.binding().ownerOrg()).isEqualTo("hospital");
      assertThat(h.binding().collaborationId()).isEqualTo("demo");
      assertThat(h.binding().keyId()).isEqualTo(key.keyId()).isEqualTo(r.keyId());
      assertThat(h.binding().schema()).isEqualTo(InteropTable.SCHEMA);
      assertThat(h.layout().batchRowCounts()).containsExactly(1000L, 1000L, 500L);
      assertThat(readAll(reader, key)).isEqualTo(table.expected());
    }
  }

  @Test
  void javaReaderOpensWhatChromiumSealedFromCsvAndFromAnArrowFile() throws Exception {
    InteropTable table = new InteropTable(ROWS, 13);
    Path csv = Files.writeString(dir.resolve("visits.csv"), table.csv());
    Path arrow = dir.resolve("visits.arrow");
    table.writeArrow(arrow, true, 900, allocator);
    for (Path input : List.of(csv, arrow)) {
      Path sealed = dir.resolve(input.getFileName() + ".sealed");

      NodeSealer.Result r = NodeSealer.sealInChromium(input, sealed, meta(true, BATCH_ROWS));

      assertThat(r.ok()).as(r.stderr()).isTrue();
      byte[] file = Files.readAllBytes(sealed);
      assertThat(r.sha256()).isEqualTo(HexFormat.of().formatHex(Digests.sha256(file)));
      try (SealedDatasetReader reader = SealedDatasetReader.open(sealed);
          DatasetKey key = DatasetKey.fromBytes(r.key(), KeyAccess.rawKeyMaterial())) {
        assertThat(reader.header().binding().schema()).isEqualTo(InteropTable.SCHEMA);
        assertThat(readAll(reader, key)).isEqualTo(table.expected());
      }
    }
  }

  @Test
  void javaReaderOpensSealedArrowStreamsAndFilesWithTheirOwnSchema() throws Exception {
    InteropTable table = new InteropTable(ROWS, 11);
    for (boolean fileFormat : new boolean[] {false, true}) {
      Path arrow = dir.resolve(fileFormat ? "t.arrow" : "t.arrows");
      table.writeArrow(arrow, fileFormat, 700, allocator);
      Path sealed = dir.resolve(arrow.getFileName() + ".sealed");

      NodeSealer.Result r = NodeSealer.seal(arrow, sealed, meta(false, 0));

      assertThat(r.ok()).as(r.stderr()).isTrue();
      try (SealedDatasetReader reader = SealedDatasetReader.open(sealed);
          DatasetKey key = DatasetKey.fromBytes(r.key(), KeyAccess.rawKeyMaterial())) {
        assertThat(reader.header().binding().schema()).isEqualTo(InteropTable.SCHEMA);
        assertThat(reader.header().layout().batchRowCounts())
            .containsExactly(700L, 700L, 700L, 400L);
        assertThat(readAll(reader, key)).isEqualTo(table.expected());
      }
    }
  }

  @Test
  void javaReaderOpensAColumnOfSeveralSegments() throws Exception {
    StringBuilder csv = new StringBuilder("id,text\n");
    List<List<Object>> expected = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String text = ("row " + i + " ").repeat(100) + "é";
      csv.append(i).append(",\"").append(text).append("\"\n");
      expected.add(List.of((long) i, text));
    }
    Path in = Files.writeString(dir.resolve("long.csv"), csv);
    Path sealed = dir.resolve("long.sealed");
    String meta =
        """
        {"datasetId":"notes","ownerOrg":"hospital","collaborationId":"demo","schema":{"fields":[
         {"name":"id","nullable":false,"type":"int64"},
         {"name":"text","nullable":false,"type":"utf8"}]}}
        """;

    NodeSealer.Result r = NodeSealer.seal(in, sealed, meta);

    assertThat(r.ok()).as(r.stderr()).isTrue();
    try (SealedDatasetReader reader = SealedDatasetReader.open(sealed);
        DatasetKey key = DatasetKey.fromBytes(r.key(), KeyAccess.rawKeyMaterial())) {
      assertThat(reader.header().layout().ranges().get(1).length()).isGreaterThan(2L << 20);
      assertThat(readAll(reader, key)).isEqualTo(expected);
    }
  }

  @Test
  void javaReaderRefusesAChangedCiphertextByteASwappedColumnAndAWrongKey() throws Exception {
    InteropTable table = new InteropTable(300, 3);
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, table.csv());
    Path sealed = dir.resolve("t.sealed");
    NodeSealer.Result r = NodeSealer.seal(csv, sealed, meta(true, 100));
    assertThat(r.ok()).as(r.stderr()).isTrue();
    byte[] good = Files.readAllBytes(sealed);
    SealedHeader h;
    long bodyStart;
    try (SealedDatasetReader reader = SealedDatasetReader.open(sealed)) {
      h = reader.header();
      bodyStart = 12 + reader.headerBytes().length + 32;
    }
    SealedHeader.ByteRange id = h.layout().ranges().get(h.columnIndex("id"));
    SealedHeader.ByteRange visits = h.layout().ranges().get(h.columnIndex("visits"));
    assertThat(id.length()).isEqualTo(visits.length());

    byte[] flipped = good.clone();
    flipped[(int) (bodyStart + visits.offset() + visits.length() / 2)] ^= 1;
    assertRefused(flipped, r.key(), CryptoException.Code.COLUMN_AUTHENTICATION_FAILED);

    byte[] swapped = good.clone();
    System.arraycopy(
        good,
        (int) (bodyStart + id.offset()),
        swapped,
        (int) (bodyStart + visits.offset()),
        (int) id.length());
    System.arraycopy(
        good,
        (int) (bodyStart + visits.offset()),
        swapped,
        (int) (bodyStart + id.offset()),
        (int) id.length());
    assertRefused(swapped, r.key(), CryptoException.Code.COLUMN_AUTHENTICATION_FAILED);

    byte[] header = good.clone();
    header[20] ^= 1;
    assertRefused(header, r.key(), null);

    byte[] wrongKey = r.key().clone();
    wrongKey[0] ^= 1;
    assertRefused(good, wrongKey, CryptoException.Code.WRONG_KEY);
  }

  @Test
  void browserAndJavaWritersProduceTheSameHeaderStructure() throws Exception {
    InteropTable table = new InteropTable(ROWS, 5);
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, table.csv());
    Path browser = dir.resolve("browser.sealed");
    NodeSealer.Result r = NodeSealer.seal(csv, browser, meta(true, BATCH_ROWS));
    assertThat(r.ok()).as(r.stderr()).isTrue();
    Path java = dir.resolve("java.sealed");
    try (DatasetKey key = DatasetKey.generate();
        SealedDatasetWriter w =
            SealedDatasetWriter.builder()
                .datasetId("visits")
                .ownerOrg("hospital")
                .collaborationId("demo")
                .schema(InteropTable.SCHEMA)
                .key(key)
                .spoolDirectory(dir)
                .build();
        VectorSchemaRoot root = VectorSchemaRoot.create(InteropTable.SCHEMA, allocator)) {
      for (int from = 0; from < ROWS; from += BATCH_ROWS) {
        table.fill(root, from, Math.min(BATCH_ROWS, ROWS - from));
        w.write(root);
      }
      w.finish(java);
    }

    JsonNode ours = structure(browser);
    JsonNode theirs = structure(java);

    assertThat(ours).isEqualTo(theirs);
  }

  @Test
  void aValueThatDoesNotFitIsRefusedNamingLineAndColumnButNotTheValue() throws Exception {
    String canary = "CANARY-7f3a";
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "id,age\n1,42\n2," + canary + "\n");
    String meta =
        """
        {"datasetId":"visits","ownerOrg":"hospital","collaborationId":"demo","schema":{"fields":[
         {"name":"id","nullable":false,"type":{"name":"int","bitWidth":64,"isSigned":true},"children":[]},
         {"name":"age","nullable":false,"type":{"name":"int","bitWidth":32,"isSigned":true},"children":[]}]}}
        """;
    Path out = dir.resolve("bad.sealed");

    NodeSealer.Result r = NodeSealer.seal(csv, out, meta);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("line 3, column 'age'").doesNotContain(canary);
    assertThat(out).doesNotExist();
  }

  /** The header as JSON without what differs between any two sealings: ids, time and lengths. */
  private static JsonNode structure(Path sealed) {
    try (SealedDatasetReader reader = SealedDatasetReader.open(sealed)) {
      ObjectNode n = (ObjectNode) CanonicalJson.parse(reader.headerBytes());
      ObjectNode dataset = (ObjectNode) n.get("dataset");
      for (String random : List.of("createdAt", "keyId", "sealId")) {
        assertThat(dataset.get(random).isTextual()).isTrue();
        dataset.put(random, "");
      }
      for (JsonNode c : (ArrayNode) n.path("layout").path("columns")) {
        assertThat(c.get("length").asLong()).isPositive();
        ((ObjectNode) c).put("length", 0).put("offset", 0);
      }
      return n;
    }
  }

  private void assertRefused(byte[] file, byte[] key, CryptoException.Code code) throws Exception {
    Path p = Files.write(dir.resolve("tampered.sealed"), file);
    assertThatThrownBy(
            () -> {
              try (SealedDatasetReader reader = SealedDatasetReader.open(p);
                  DatasetKey k = DatasetKey.fromBytes(key, KeyAccess.rawKeyMaterial())) {
                readAll(reader, k);
              }
            })
        .isInstanceOfSatisfying(
            CryptoException.class,
            e -> {
              if (code != null) {
                assertThat(e.code()).isEqualTo(code);
              }
            });
  }

  private List<List<Object>> readAll(SealedDatasetReader reader, DatasetKey key) {
    List<List<Object>> rows = new ArrayList<>();
    try (SealedBatchStream s = reader.openAll(key, allocator)) {
      while (s.loadNextBatch()) {
        VectorSchemaRoot root = s.getVectorSchemaRoot();
        for (int i = 0; i < root.getRowCount(); i++) {
          List<Object> row = new ArrayList<>();
          for (int c = 0; c < root.getFieldVectors().size(); c++) {
            row.add(InteropTable.read(root.getVector(c), i));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** The script's meta JSON: the contract's schema (Arrow JSON form) if {@code withSchema}. */
  private static String meta(boolean withSchema, int batchRows) {
    ObjectNode m = CanonicalJson.mapper().createObjectNode();
    m.put("datasetId", "visits").put("ownerOrg", "hospital").put("collaborationId", "demo");
    if (withSchema) {
      m.set("schema", CanonicalJson.parse(InteropTable.SCHEMA.toJson()));
    }
    if (batchRows > 0) {
      m.put("batchRows", batchRows);
    }
    return m.toString();
  }
}
