package io.cleanroom.crypto.dataset;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Deterministic test batches over every column type the format holds. */
final class SampleBatches {

  static final Schema SCHEMA =
      new Schema(
          List.of(
              field("id", "int64", false),
              field("age", "int32", true),
              field("name", "utf8", true),
              field("score", "float64", true),
              field("active", "bool", true),
              field("amount", "decimal(12,2)", true),
              field("day", "date32", true),
              field("seen", "timestamp[us,UTC]", true)));

  private SampleBatches() {}

  static Field field(String name, String type, boolean nullable) {
    return new SealedHeader.ColumnSpec(name, type, nullable).field();
  }

  /** Fills {@code root} (of {@link #SCHEMA}) with {@code rows} rows derived from {@code seed}. */
  static void fill(VectorSchemaRoot root, int rows, long seed) {
    Random r = new Random(seed);
    root.allocateNew();
    BigIntVector id = (BigIntVector) root.getVector("id");
    IntVector age = (IntVector) root.getVector("age");
    VarCharVector name = (VarCharVector) root.getVector("name");
    Float8Vector score = (Float8Vector) root.getVector("score");
    BitVector active = (BitVector) root.getVector("active");
    DecimalVector amount = (DecimalVector) root.getVector("amount");
    DateDayVector day = (DateDayVector) root.getVector("day");
    TimeStampMicroTZVector seen = (TimeStampMicroTZVector) root.getVector("seen");
    for (int i = 0; i < rows; i++) {
      id.setSafe(i, seed * 1_000_000 + i);
      boolean isNull = r.nextInt(10) == 0;
      if (isNull) {
        age.setNull(i);
        name.setNull(i);
        score.setNull(i);
        active.setNull(i);
        amount.setNull(i);
        day.setNull(i);
        seen.setNull(i);
        continue;
      }
      age.setSafe(i, r.nextInt(100));
      name.setSafe(i, ("name-" + r.nextInt(1000) + "-é").getBytes(StandardCharsets.UTF_8));
      score.setSafe(i, r.nextGaussian());
      active.setSafe(i, r.nextBoolean() ? 1 : 0);
      amount.setSafe(i, BigDecimal.valueOf(r.nextInt(1_000_000), 2));
      day.setSafe(i, 19_000 + r.nextInt(1000));
      seen.setSafe(i, 1_700_000_000_000_000L + r.nextInt(1_000_000_000));
    }
    root.setRowCount(rows);
  }

  /** A new root of {@link #SCHEMA} holding a batch. */
  static VectorSchemaRoot batch(BufferAllocator allocator, int rows, long seed) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
    fill(root, rows, seed);
    return root;
  }
}
