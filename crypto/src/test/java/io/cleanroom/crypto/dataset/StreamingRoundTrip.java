package io.cleanroom.crypto.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Seals {@code MiB} mebibytes of generated rows into a file and opens it again, checking a checksum
 * of every value; run in a JVM with a small heap to show that memory stays constant. Prints {@code
 * rows bytes checksum} and exits 0 when the round trip matched.
 */
public final class StreamingRoundTrip {

  private static final Schema SCHEMA =
      new Schema(
          List.of(
              SampleBatches.field("id", "int64", false),
              SampleBatches.field("value", "float64", false),
              SampleBatches.field("label", "utf8", false)));
  private static final int BATCH = 65_536;
  private static final long BYTES_PER_ROW = 8 + 8 + 4 + 12;

  private StreamingRoundTrip() {}

  public static void main(String[] args) throws Exception {
    long mib = Long.parseLong(args[0]);
    Path dir = Path.of(args[1]);
    long rows = mib * (1 << 20) / BYTES_PER_ROW;
    Path file = dir.resolve("big.sealed");
    long written = 0;
    try (BufferAllocator allocator = new RootAllocator(128L << 20);
        DatasetKey key = DatasetKey.generate()) {
      try (SealedDatasetWriter w =
              SealedDatasetWriter.builder()
                  .datasetId("big")
                  .ownerOrg("o")
                  .collaborationId("c")
                  .schema(SCHEMA)
                  .key(key)
                  .spoolDirectory(dir)
                  .build();
          VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
        BigIntVector id = (BigIntVector) root.getVector(0);
        Float8Vector value = (Float8Vector) root.getVector(1);
        VarCharVector label = (VarCharVector) root.getVector(2);
        for (long start = 0; start < rows; start += BATCH) {
          int n = (int) Math.min(BATCH, rows - start);
          root.allocateNew();
          for (int i = 0; i < n; i++) {
            long v = start + i;
            id.setSafe(i, v);
            value.setSafe(i, v * 0.5);
            label.setSafe(
                i,
                String.format("l%011d", v % 100_000_000_000L)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            written += checksum(v, v * 0.5, 12);
          }
          root.setRowCount(n);
          w.write(root);
        }
        w.finish(file);
      }
      long read = 0;
      long count = 0;
      try (SealedDatasetReader r = SealedDatasetReader.open(file);
          SealedBatchStream s = r.openAll(key, allocator)) {
        while (s.loadNextBatch()) {
          VectorSchemaRoot b = s.getVectorSchemaRoot();
          BigIntVector id = (BigIntVector) b.getVector(0);
          Float8Vector value = (Float8Vector) b.getVector(1);
          VarCharVector label = (VarCharVector) b.getVector(2);
          for (int i = 0; i < b.getRowCount(); i++) {
            read += checksum(id.get(i), value.get(i), label.getValueLength(i));
          }
          count += b.getRowCount();
        }
      }
      System.out.println(count + " " + Files.size(file) + " " + read);
      System.exit(count == rows && read == written ? 0 : 1);
    }
  }

  private static long checksum(long id, double value, int labelLength) {
    return id * 31 + Double.doubleToLongBits(value) + labelLength;
  }
}
