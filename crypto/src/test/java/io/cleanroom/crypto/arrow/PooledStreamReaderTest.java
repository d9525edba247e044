package io.cleanroom.crypto.arrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pooled reader decodes what Arrow's stream writer writes and refuses what it cannot hold. */
class PooledStreamReaderTest {

  private final BufferAllocator allocator = new RootAllocator();
  private final MessageBodyPool pool = new MessageBodyPool(16L << 20);

  @AfterEach
  void tearDown() {
    allocator.close(); // fails the test if any buffer leaked
  }

  /** A stream of one int64 and one utf8 column, with batches of the given row counts. */
  private byte[] stream(int... rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BigIntVector id = new BigIntVector("id", allocator);
        VarCharVector name = new VarCharVector("name", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(id, name);
        ArrowStreamWriter w = new ArrowStreamWriter(root, null, out)) {
      w.start();
      for (int b = 0; b < rows.length; b++) {
        root.allocateNew();
        for (int i = 0; i < rows[b]; i++) {
          id.setSafe(i, b * 1_000_000L + i);
          name.setSafe(i, ("n" + (i % 97)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        root.setRowCount(rows[b]);
        w.writeBatch();
      }
      w.end();
    }
    return out.toByteArray();
  }

  private PooledStreamReader reader(byte[] bytes, long maxBytes) {
    return new PooledStreamReader(
        Channels.newChannel(new ByteArrayInputStream(bytes)), maxBytes, allocator, pool);
  }

  @Test
  void readsEveryBatchIntoIndependentVectors() throws IOException {
    int[] rows = {100_000, 0, 1, 70_000};
    byte[] bytes = stream(rows);
    PooledStreamReader r = reader(bytes, bytes.length);
    assertThat(r.readSchema().getFields()).hasSize(2);
    List<VectorSchemaRoot> batches = new ArrayList<>();
    for (Optional<VectorSchemaRoot> b = r.nextBatch(); b.isPresent(); b = r.nextBatch()) {
      batches.add(b.get());
    }
    try {
      assertThat(batches.stream().map(VectorSchemaRoot::getRowCount))
          .containsExactly(100_000, 0, 1, 70_000);
      // Every batch stays readable while the others are alive: none shares memory with the next.
      for (int b = 0; b < batches.size(); b++) {
        VectorSchemaRoot root = batches.get(b);
        for (int i = 0; i < root.getRowCount(); i++) {
          assertThat(((BigIntVector) root.getVector("id")).get(i)).isEqualTo(b * 1_000_000L + i);
        }
        if (root.getRowCount() > 0) {
          assertThat(root.getVector("name").getObject(root.getRowCount() - 1).toString())
              .isEqualTo("n" + ((root.getRowCount() - 1) % 97));
        }
      }
      assertThat(r.bytesRead()).isEqualTo(bytes.length);
    } finally {
      batches.forEach(VectorSchemaRoot::close);
    }
    assertThat(pool.idleBytes()).as("the large bodies went back to the pool").isPositive();
  }

  @Test
  void refusesABodyLongerThanTheInputCanHoldBeforeAllocatingIt() throws IOException {
    byte[] bytes = stream(100_000);
    PooledStreamReader r = reader(bytes, bytes.length - 1000);
    r.readSchema();
    assertThatThrownBy(r::nextBatch)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("beyond the end");
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1000, 500_000})
  void refusesAStreamCutInsideABodyAndReleasesTheBody(int cut) throws IOException {
    byte[] bytes = stream(100_000);
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 8 - cut);
    PooledStreamReader r = reader(truncated, bytes.length);
    r.readSchema();
    assertThatThrownBy(r::nextBatch).isInstanceOf(IOException.class);
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @Test
  void refusesAStreamThatDoesNotStartWithASchema() throws IOException {
    byte[] bytes = stream(10);
    // Skip the schema message: continuation marker, length, metadata (8-byte aligned).
    int length = ByteBuffer.wrap(bytes, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    byte[] noSchema = Arrays.copyOfRange(bytes, 8 + length, bytes.length);
    assertThatThrownBy(() -> reader(noSchema, noSchema.length).readSchema())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("schema");
  }

  @Test
  void refusesASecondSchemaWhereABatchBelongs() throws IOException {
    byte[] bytes = stream(10);
    int length = ByteBuffer.wrap(bytes, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    byte[] schema = Arrays.copyOf(bytes, 8 + length);
    byte[] twice = new byte[schema.length * 2];
    System.arraycopy(schema, 0, twice, 0, schema.length);
    System.arraycopy(schema, 0, twice, schema.length, schema.length);
    PooledStreamReader r = reader(twice, twice.length);
    r.readSchema();
    assertThatThrownBy(r::nextBatch)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expected a record batch");
  }
}
