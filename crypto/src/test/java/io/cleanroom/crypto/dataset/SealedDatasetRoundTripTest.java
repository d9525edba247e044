package io.cleanroom.crypto.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SealedDatasetRoundTripTest {

  @TempDir Path dir;
  private BufferAllocator allocator;
  private final DatasetKey key = DatasetKey.generate();

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close(); // fails the test if any buffer leaked
    key.close();
  }

  private Path seal(int[] batchSizes, int parallelism) {
    Path out = dir.resolve("data.sealed");
    try (SealedDatasetWriter w =
        SealedDatasetWriter.builder()
            .datasetId("visits")
            .ownerOrg("hospital")
            .collaborationId("collab-1")
            .schema(SampleBatches.SCHEMA)
            .key(key)
            .createdAt(Instant.parse("2026-11-22T10:00:00Z"))
            .spoolDirectory(dir)
            .parallelism(parallelism)
            .build()) {
      for (int b = 0; b < batchSizes.length; b++) {
        try (VectorSchemaRoot root = SampleBatches.batch(allocator, batchSizes[b], b)) {
          w.write(root);
        }
      }
      w.finish(out);
    }
    return out;
  }

  private List<String> expectedBatches(int[] batchSizes, List<String> columns) {
    List<String> out = new ArrayList<>();
    for (int b = 0; b < batchSizes.length; b++) {
      try (VectorSchemaRoot root = SampleBatches.batch(allocator, batchSizes[b], b)) {
        out.add(
            new VectorSchemaRoot(columns.stream().map(root::getVector).toList())
                .contentToTSVString());
      }
    }
    return out;
  }

  private List<String> readBatches(Path file, List<String> columns, int parallelism) {
    List<String> out = new ArrayList<>();
    try (SealedDatasetReader r = SealedDatasetReader.open(file);
        SealedBatchStream s = r.openColumns(key, columns, allocator, parallelism)) {
      while (s.loadNextBatch()) {
        out.add(s.getVectorSchemaRoot().contentToTSVString());
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void roundTripsEveryColumnTypeAcrossBatches(int parallelism) {
    int[] sizes = {1000, 1, 4096, 333};
    Path file = seal(sizes, parallelism);
    List<String> all = SampleBatches.SCHEMA.getFields().stream().map(f -> f.getName()).toList();
    assertThat(readBatches(file, all, parallelism)).isEqualTo(expectedBatches(sizes, all));
  }

  @Test
  void roundTripsBatchesWhoseBodiesSpanSegmentBoundariesAndReusesTheirMemory() {
    // Bodies from a few bytes to several 1 MiB segments, starting and ending mid-segment.
    int[] sizes = {131_000, 3, 250_000, 65_536, 17};
    Path file = seal(sizes, 2);
    List<String> all = SampleBatches.SCHEMA.getFields().stream().map(f -> f.getName()).toList();
    List<String> expected = expectedBatches(sizes, all);
    assertThat(readBatches(file, all, 1)).isEqualTo(expected);
    // Again, now from recycled body memory.
    assertThat(readBatches(file, all, 2)).isEqualTo(expected);
  }

  @Test
  void readsOnlyTheRequestedColumnsInTheRequestedOrder() {
    int[] sizes = {500, 700};
    Path file = seal(sizes, 2);
    List<String> some = List.of("seen", "name", "id");
    assertThat(readBatches(file, some, 2)).isEqualTo(expectedBatches(sizes, some));
  }

  @Test
  void headerDescribesTheDatasetWithoutAKey() throws Exception {
    int[] sizes = {10, 20, 30};
    Path file = seal(sizes, 1);
    try (SealedDatasetReader r = SealedDatasetReader.open(file)) {
      SealedHeader h = r.header();
      assertThat(h.binding().datasetId()).isEqualTo("visits");
      assertThat(h.binding().ownerOrg()).isEqualTo("hospital");
      assertThat(h.binding().collaborationId()).isEqualTo("collab-1");
      assertThat(h.binding().keyId()).isEqualTo(key.keyId());
      assertThat(h.binding().schema()).isEqualTo(SampleBatches.SCHEMA);
      assertThat(h.layout().rowCount()).isEqualTo(60);
      assertThat(h.layout().batchRowCounts()).containsExactly(10L, 20L, 30L);
      assertThat(r.headerBytes()).isEqualTo(CanonicalJson.canonicalize(r.headerBytes()));
      long streams = h.layout().bodyLength();
      assertThat(Files.size(file)).isEqualTo(12 + r.headerBytes().length + 32 + streams);
    }
  }

  @Test
  void sealsInMemoryToo() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (SealedDatasetWriter w =
            SealedDatasetWriter.builder()
                .datasetId("d")
                .ownerOrg("o")
                .collaborationId("c")
                .schema(SampleBatches.SCHEMA)
                .key(key)
                .spoolInMemory()
                .build();
        VectorSchemaRoot root = SampleBatches.batch(allocator, 100, 7)) {
      w.write(root);
      w.finish(java.nio.channels.Channels.newChannel(bytes));
    }
    try (SealedDatasetReader r =
            SealedDatasetReader.open(ByteSource.of(java.nio.ByteBuffer.wrap(bytes.toByteArray())));
        SealedBatchStream s = r.openAll(key, allocator)) {
      assertThat(s.loadNextBatch()).isTrue();
      assertThat(s.getVectorSchemaRoot().getRowCount()).isEqualTo(100);
      assertThat(s.loadNextBatch()).isFalse();
    }
  }

  @Test
  void refusesAnEmptyDataset() {
    try (SealedDatasetWriter w =
        SealedDatasetWriter.builder()
            .datasetId("d")
            .ownerOrg("o")
            .collaborationId("c")
            .schema(SampleBatches.SCHEMA)
            .key(key)
            .spoolDirectory(dir)
            .build()) {
      assertThatThrownBy(() -> w.finish(dir.resolve("empty.sealed")))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("no rows");
    }
    assertThat(dir.resolve("empty.sealed")).doesNotExist();
  }

  @Test
  void refusesABatchWithAnotherSchema() {
    org.apache.arrow.vector.types.pojo.Schema other =
        new org.apache.arrow.vector.types.pojo.Schema(
            List.of(SampleBatches.field("id", "int32", false)));
    try (SealedDatasetWriter w =
            SealedDatasetWriter.builder()
                .datasetId("d")
                .ownerOrg("o")
                .collaborationId("c")
                .schema(SampleBatches.SCHEMA)
                .key(key)
                .spoolDirectory(dir)
                .build();
        VectorSchemaRoot root = VectorSchemaRoot.create(other, allocator)) {
      assertThatThrownBy(() -> w.write(root))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("does not match");
    }
  }

  @Test
  void closingAStreamEarlyReleasesEveryBuffer() {
    int[] sizes = {100, 100, 100, 100, 100, 100};
    Path file = seal(sizes, 2);
    try (SealedDatasetReader r = SealedDatasetReader.open(file);
        SealedBatchStream s = r.openAll(key, allocator)) {
      assertThat(s.loadNextBatch()).isTrue();
    }
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @Test
  void leavesNoSpoolFilesBehind() throws Exception {
    seal(new int[] {10}, 2);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("data.sealed");
    }
  }
}
