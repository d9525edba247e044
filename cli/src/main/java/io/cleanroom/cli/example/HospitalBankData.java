package io.cleanroom.cli.example;

import io.cleanroom.cli.UserError;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Synthetic data for the hospital/bank example: {@code visits} (a hospital's visits of {@code rows
 * / 10} patients) and {@code accounts} (a bank's customers: four in five of those patients plus as
 * many others). Deterministic for a seed, any size, generated batch by batch so memory stays at one
 * batch.
 *
 * <p>Every patient has one age, zip3, income band and region, so grouping by them behaves like real
 * data: groups have many distinct persons, and small groups exist at the edges (the oldest ages),
 * which the threshold must suppress.
 */
public final class HospitalBankData {

  static final List<String> DIAGNOSES =
      List.of(
          "asthma",
          "back pain",
          "bronchitis",
          "diabetes",
          "flu",
          "fracture",
          "hypertension",
          "migraine",
          "pneumonia",
          "sprain",
          "allergy",
          "anemia");
  static final List<String> INCOME_BANDS =
      List.of("<25k", "25k-50k", "50k-100k", "100k-200k", ">=200k");
  static final List<String> REGIONS = List.of("north", "south", "east", "west", "central");
  private static final long FIRST_PERSON = 1_000_000L;
  private static final int FIRST_DAY = (int) LocalDate.of(2024, 1, 1).toEpochDay();

  private final long visits;
  private final long seed;
  private final int batchRows;

  /**
   * @param visits the number of visit rows (patients: one in ten, at least one)
   * @param seed the seed; the same seed gives the same data
   * @param batchRows rows per Arrow batch
   */
  public HospitalBankData(long visits, long seed, int batchRows) {
    if (visits < 1 || batchRows < 1) {
      throw new UserError("rows and batch rows must be at least 1");
    }
    this.visits = visits;
    this.seed = seed;
    this.batchRows = batchRows;
  }

  /** The number of patients. */
  public long patients() {
    return Math.max(1, visits / 10);
  }

  /** The number of bank customers: four in five patients, plus as many who never visited. */
  public long customers() {
    return patients() * 4 / 5 + patients() / 5 + 1;
  }

  /** Generates the visits, one batch at a time, into vectors shaped by {@code schema}. */
  public void visits(Schema schema, BufferAllocator allocator, Consumer<VectorSchemaRoot> sink) {
    SplittableRandom r = new SplittableRandom(seed);
    long patients = patients();
    generate(
        schema,
        allocator,
        visits,
        sink,
        (root, i, row) -> {
          long person = FIRST_PERSON + r.nextLong(patients);
          long h = mix(person);
          setLong(root, "person_id", i, person);
          setInt(root, "age", i, 18 + Math.floorMod(h, 73));
          setString(root, "zip3", i, Integer.toString(100 + Math.floorMod(h >>> 8, 40)));
          setString(root, "diagnosis", i, DIAGNOSES.get(r.nextInt(DIAGNOSES.size())));
          setInt(root, "visit_date", i, FIRST_DAY + r.nextInt(731));
          setLong(root, "cost", i, 5_000 + r.nextLong(495_000));
        });
  }

  /** Generates the bank's accounts, one batch at a time, into vectors shaped by {@code schema}. */
  public void accounts(Schema schema, BufferAllocator allocator, Consumer<VectorSchemaRoot> sink) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    long patients = patients();
    long skip = patients / 5;
    generate(
        schema,
        allocator,
        customers(),
        sink,
        (root, i, row) -> {
          // Customers are patients from the fifth on, then people the hospital never saw.
          long person = FIRST_PERSON + skip + row;
          long h = mix(person ^ 0x9E3779B97F4A7C15L);
          setLong(root, "person_id", i, person);
          setString(root, "income_band", i, INCOME_BANDS.get(Math.floorMod(h, 5)));
          setString(root, "region", i, REGIONS.get(Math.floorMod(h >>> 16, 5)));
          setLong(root, "balance", i, r.nextLong(10_000_000L));
        });
  }

  private interface RowFiller {
    void fill(VectorSchemaRoot root, int index, long row);
  }

  private void generate(
      Schema schema,
      BufferAllocator allocator,
      long rows,
      Consumer<VectorSchemaRoot> sink,
      RowFiller filler) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      long done = 0;
      while (done < rows) {
        int n = (int) Math.min(batchRows, rows - done);
        for (FieldVector v : root.getFieldVectors()) {
          v.setInitialCapacity(n);
        }
        root.allocateNew();
        for (int i = 0; i < n; i++) {
          filler.fill(root, i, done + i);
        }
        for (FieldVector v : root.getFieldVectors()) {
          v.setValueCount(n);
        }
        root.setRowCount(n);
        sink.accept(root);
        done += n;
      }
    }
  }

  private static long mix(long x) {
    x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
    x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
    return x ^ (x >>> 31);
  }

  private static FieldVector vector(VectorSchemaRoot root, String name, Class<?> type) {
    FieldVector v = root.getVector(name);
    if (!type.isInstance(v)) {
      Field f = root.getSchema().findField(name);
      throw new UserError(
          "the contract's column '"
              + name
              + "' has type "
              + describe(f)
              + ", which the generator"
              + " cannot fill");
    }
    return v;
  }

  private static String describe(Field f) {
    ArrowType t = f.getType();
    return t.toString();
  }

  private static void setLong(VectorSchemaRoot root, String name, int i, long value) {
    FieldVector v = vector(root, name, FieldVector.class);
    switch (v) {
      case BigIntVector b -> b.set(i, value);
      case DecimalVector d -> d.set(i, value);
      default -> vector(root, name, BigIntVector.class);
    }
  }

  private static void setInt(VectorSchemaRoot root, String name, int i, int value) {
    FieldVector v = vector(root, name, FieldVector.class);
    switch (v) {
      case IntVector x -> x.set(i, value);
      case DateDayVector d -> d.set(i, value);
      case BigIntVector b -> b.set(i, value);
      default -> vector(root, name, IntVector.class);
    }
  }

  private static void setString(VectorSchemaRoot root, String name, int i, String value) {
    ((VarCharVector) vector(root, name, VarCharVector.class))
        .setSafe(i, value.getBytes(StandardCharsets.UTF_8));
  }
}
