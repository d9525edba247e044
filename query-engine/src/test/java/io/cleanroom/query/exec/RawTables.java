package io.cleanroom.query.exec;

import io.cleanroom.query.plan.PlanNormalizer;
import io.cleanroom.query.plan.SqlFrontEnd;
import io.cleanroom.query.schema.ContractTable;
import io.cleanroom.query.schema.QuerySchema;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.RelNode;

/**
 * Tables without a contract, built row by row into Arrow batches and the same rows into DuckDB (via
 * '|'-separated files): for TPC-H and null-semantics tests of raw plans.
 */
final class RawTables implements AutoCloseable {

  private final BufferAllocator allocator;
  private final int batchRows;
  private final Map<String, Schema> schemas = new LinkedHashMap<>();
  private final Map<String, List<VectorSchemaRoot>> batches = new LinkedHashMap<>();
  private final Map<String, List<String>> lines = new LinkedHashMap<>();
  private final Map<String, Long> counts = new LinkedHashMap<>();

  RawTables(BufferAllocator allocator, int batchRows) {
    this.allocator = allocator;
    this.batchRows = batchRows;
  }

  /** Adds a table; values per row: Long, Integer, BigDecimal, Double, String, LocalDate, null. */
  void add(String name, Schema schema, Iterable<Object[]> rows) {
    schemas.put(name, schema);
    List<VectorSchemaRoot> out = new ArrayList<>();
    List<String> text = new ArrayList<>();
    VectorSchemaRoot root = null;
    int n = 0;
    long total = 0;
    for (Object[] row : rows) {
      if (root == null) {
        root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        out.add(root);
        n = 0;
      }
      StringBuilder sb = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        set(root.getVector(c), n, row[c], schema.getFields().get(c));
        if (c > 0) {
          sb.append('|');
        }
        sb.append(row[c] == null ? "" : text(row[c]));
      }
      text.add(sb.toString());
      n++;
      total++;
      if (n == batchRows) {
        root.setRowCount(n);
        root = null;
      }
    }
    if (root != null) {
      root.setRowCount(n);
    }
    batches.put(name, out);
    lines.put(name, text);
    counts.put(name, total);
  }

  private static String text(Object v) {
    return v instanceof BigDecimal d ? d.toPlainString() : v.toString();
  }

  private static void set(FieldVector v, int i, Object value, Field f) {
    if (value == null) {
      v.setNull(i);
      return;
    }
    switch (v) {
      case BigIntVector b -> b.setSafe(i, ((Number) value).longValue());
      case IntVector b -> b.setSafe(i, ((Number) value).intValue());
      case DecimalVector d ->
          d.setSafe(
              i,
              ((BigDecimal) value)
                  .setScale(((ArrowType.Decimal) f.getType()).getScale(), RoundingMode.HALF_UP));
      case Float8Vector d -> d.setSafe(i, ((Number) value).doubleValue());
      case VarCharVector s -> s.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
      case DateDayVector d -> d.setSafe(i, (int) ((LocalDate) value).toEpochDay());
      default -> throw new IllegalArgumentException(v.getMinorType().toString());
    }
  }

  DatasetSource source() {
    return new InMemoryDatasetSource(batches);
  }

  QuerySchema schema() {
    Map<String, ContractTable> tables = new LinkedHashMap<>();
    schemas.forEach((n, s) -> tables.put(n, new ContractTable(n, s, counts.get(n))));
    return QuerySchema.of(tables);
  }

  RelNode plan(String sql) {
    SqlFrontEnd.Parsed parsed = SqlFrontEnd.parse(sql);
    return PlanNormalizer.normalize(new SqlFrontEnd(schema()).toRel(parsed.node()).root());
  }

  void loadInto(Connection duck, Path dir) throws Exception {
    try (Statement st = duck.createStatement()) {
      for (var e : schemas.entrySet()) {
        List<String> cols = new ArrayList<>();
        for (Field f : e.getValue().getFields()) {
          cols.add(f.getName() + " " + sqlType(f.getType()) + (f.isNullable() ? "" : " NOT NULL"));
        }
        st.execute("CREATE TABLE " + e.getKey() + "(" + String.join(", ", cols) + ")");
        Path file = dir.resolve(e.getKey() + ".tbl");
        try (Writer w = Files.newBufferedWriter(file)) {
          for (String line : lines.get(e.getKey())) {
            w.write(line);
            w.write('\n');
          }
        }
        st.execute(
            "COPY "
                + e.getKey()
                + " FROM '"
                + file
                + "' (DELIMITER '|', HEADER false, QUOTE '', ESCAPE '', NULL '')");
      }
    }
  }

  private static String sqlType(ArrowType t) {
    return switch (t) {
      case ArrowType.Int i -> i.getBitWidth() == 64 ? "BIGINT" : "INTEGER";
      case ArrowType.Decimal d -> "DECIMAL(" + d.getPrecision() + "," + d.getScale() + ")";
      case ArrowType.FloatingPoint f -> "DOUBLE";
      case ArrowType.Utf8 u -> "VARCHAR";
      case ArrowType.Date d -> "DATE";
      default -> throw new IllegalArgumentException(t.toString());
    };
  }

  @Override
  public void close() {
    batches.values().forEach(l -> l.forEach(VectorSchemaRoot::close));
  }
}
