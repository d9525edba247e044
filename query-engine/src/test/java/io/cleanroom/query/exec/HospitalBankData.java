package io.cleanroom.query.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Deterministic hospital/bank data as in-memory Arrow batches (plain UTF-8 strings), and the same
 * rows loaded into DuckDB through CSV files. Skewed so that some groups fall below the threshold.
 */
final class HospitalBankData implements AutoCloseable {

  static final String[] DIAGNOSES = new String[40];
  static final String[] REGIONS = {"north", "south", "east", "west"};
  static final String[] BANDS = {"low", "lower-middle", "middle", "upper-middle", "high"};

  static {
    for (int i = 0; i < DIAGNOSES.length; i++) {
      DIAGNOSES[i] = "D" + (char) ('A' + i % 26) + (i / 26) + (i % 7 == 0 ? "-x" : "");
    }
  }

  final List<VectorSchemaRoot> visits = new ArrayList<>();
  final List<VectorSchemaRoot> accounts = new ArrayList<>();
  final List<String> visitRows = new ArrayList<>();
  final List<String> accountRows = new ArrayList<>();

  /** The example's two datasets, shaped by {@code contract}'s schemas. */
  static HospitalBankData of(
      BufferAllocator allocator,
      io.cleanroom.query.contract.Contract contract,
      int nVisits,
      int nAccounts,
      int batch) {
    return new HospitalBankData(
        allocator,
        contract.dataset("visits").orElseThrow().schema(),
        contract.dataset("accounts").orElseThrow().schema(),
        nVisits,
        nAccounts,
        batch);
  }

  HospitalBankData(
      BufferAllocator allocator,
      Schema visitsSchema,
      Schema accountsSchema,
      int nVisits,
      int nAccounts,
      int batch) {
    Random r = new Random(42);
    LocalDate start = LocalDate.of(2022, 1, 1);
    for (int from = 0; from < nVisits; from += batch) {
      int n = Math.min(batch, nVisits - from);
      VectorSchemaRoot root = VectorSchemaRoot.create(plain(visitsSchema), allocator);
      visits.add(root);
      root.allocateNew();
      for (int i = 0; i < n; i++) {
        long person = 1 + (long) (Math.pow(r.nextDouble(), 1.3) * nAccounts * 1.5);
        int age = r.nextInt(96);
        String zip = String.format("%03d", 20 + (int) Math.abs(r.nextGaussian() * 25) % 80);
        int d = (int) Math.min(DIAGNOSES.length - 1, Math.abs(r.nextGaussian() * 9));
        String diag = DIAGNOSES[d];
        LocalDate date = start.plusDays(r.nextInt(365 * 3));
        BigDecimal cost = BigDecimal.valueOf(1000 + r.nextInt(500_000), 2);
        ((BigIntVector) root.getVector(0)).setSafe(i, person);
        ((IntVector) root.getVector(1)).setSafe(i, age);
        ((VarCharVector) root.getVector(2)).setSafe(i, zip.getBytes(StandardCharsets.UTF_8));
        ((VarCharVector) root.getVector(3)).setSafe(i, diag.getBytes(StandardCharsets.UTF_8));
        ((DateDayVector) root.getVector(4)).setSafe(i, (int) date.toEpochDay());
        ((DecimalVector) root.getVector(5)).setSafe(i, cost);
        visitRows.add(
            person + "," + age + "," + zip + "," + diag + "," + date + "," + cost.toPlainString());
      }
      root.setRowCount(n);
    }
    for (int from = 0; from < nAccounts; from += batch) {
      int n = Math.min(batch, nAccounts - from);
      VectorSchemaRoot root = VectorSchemaRoot.create(plain(accountsSchema), allocator);
      accounts.add(root);
      root.allocateNew();
      for (int i = 0; i < n; i++) {
        long person = from + i + 1;
        String band = BANDS[Math.min(4, (int) Math.abs(r.nextGaussian() * 1.5))];
        String region = REGIONS[r.nextInt(4)];
        BigDecimal balance = BigDecimal.valueOf(r.nextInt(10_000_000) - 100_000, 2);
        ((BigIntVector) root.getVector(0)).setSafe(i, person);
        ((VarCharVector) root.getVector(1)).setSafe(i, band.getBytes(StandardCharsets.UTF_8));
        ((VarCharVector) root.getVector(2)).setSafe(i, region.getBytes(StandardCharsets.UTF_8));
        ((DecimalVector) root.getVector(3)).setSafe(i, balance);
        accountRows.add(person + "," + band + "," + region + "," + balance.toPlainString());
      }
      root.setRowCount(n);
    }
  }

  /** The schema with dictionary markings removed (the data is plain UTF-8). */
  static Schema plain(Schema s) {
    return new Schema(
        s.getFields().stream()
            .map(
                f ->
                    new Field(
                        f.getName(),
                        new org.apache.arrow.vector.types.pojo.FieldType(
                            f.isNullable(), f.getType(), null),
                        f.getChildren()))
            .toList());
  }

  DatasetSource source() {
    return new InMemoryDatasetSource(Map.of("visits", visits, "accounts", accounts));
  }

  void loadInto(Connection duck, Path dir) throws Exception {
    try (Statement st = duck.createStatement()) {
      st.execute(
          "CREATE TABLE visits(person_id BIGINT NOT NULL, age INTEGER NOT NULL, zip3 VARCHAR NOT NULL,"
              + " diagnosis VARCHAR NOT NULL, visit_date DATE NOT NULL, cost DECIMAL(12,2) NOT NULL)");
      st.execute(
          "CREATE TABLE accounts(person_id BIGINT NOT NULL, income_band VARCHAR NOT NULL,"
              + " region VARCHAR NOT NULL, balance DECIMAL(14,2) NOT NULL)");
      copy(st, dir.resolve("visits.csv"), "visits", visitRows);
      copy(st, dir.resolve("accounts.csv"), "accounts", accountRows);
    }
  }

  static void copy(Statement st, Path file, String table, List<String> rows) throws Exception {
    try (Writer w = Files.newBufferedWriter(file)) {
      for (String row : rows) {
        w.write(row);
        w.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    st.execute("COPY " + table + " FROM '" + file + "' (HEADER false, DELIMITER ',', QUOTE '\"')");
  }

  @Override
  public void close() {
    visits.forEach(VectorSchemaRoot::close);
    accounts.forEach(VectorSchemaRoot::close);
  }
}
