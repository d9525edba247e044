package io.cleanroom.query.exec;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The result of a query: small (aggregates), held as Java values.
 *
 * @param columnNames the output column names
 * @param columnTypes the output column types
 * @param rows the rows; values are Long, Double, BigDecimal, String, LocalDate, LocalDateTime,
 *     Boolean or null (see {@link ResultType.Kind})
 * @param suppressedGroups groups dropped by the output threshold (or not released by DP)
 * @param plan the physical plan as run: one operator per line, marked [vectorized] or [fallback]
 */
public record QueryResult(
    List<String> columnNames,
    List<ResultType> columnTypes,
    List<List<Object>> rows,
    long suppressedGroups,
    String plan) {

  public QueryResult {
    columnNames = List.copyOf(columnNames);
    columnTypes = List.copyOf(columnTypes);
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> r : rows) {
      copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(r)));
    }
    rows = java.util.Collections.unmodifiableList(copy);
  }

  /** The rows as one Arrow batch allocated from {@code allocator}; the caller closes it. */
  public VectorSchemaRoot toArrow(BufferAllocator allocator) {
    List<Field> fields = new ArrayList<>();
    for (int c = 0; c < columnNames.size(); c++) {
      ResultType t = columnTypes.get(c);
      fields.add(new Field(columnNames.get(c), new FieldType(true, t.arrowType(), null), null));
    }
    VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
    try {
      root.allocateNew();
      for (int c = 0; c < fields.size(); c++) {
        FieldVector v = root.getVector(c);
        for (int r = 0; r < rows.size(); r++) {
          set(v, r, rows.get(r).get(c));
        }
        v.setValueCount(rows.size());
      }
      root.setRowCount(rows.size());
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  private static void set(FieldVector v, int r, Object value) {
    if (value == null) {
      v.setNull(r);
      return;
    }
    switch (v) {
      case BigIntVector b -> b.setSafe(r, (Long) value);
      case Float8Vector f -> f.setSafe(r, (Double) value);
      case DecimalVector d -> d.setSafe(r, (BigDecimal) value);
      case VarCharVector s ->
          s.setSafe(r, ((String) value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      case DateDayVector d -> d.setSafe(r, (int) ((LocalDate) value).toEpochDay());
      case TimeStampMilliVector t ->
          t.setSafe(r, ((LocalDateTime) value).toInstant(ZoneOffset.UTC).toEpochMilli());
      case BitVector b -> b.setSafe(r, ((Boolean) value) ? 1 : 0);
      default -> throw new IllegalStateException("unexpected vector " + v.getMinorType());
    }
  }

  /** The result as an aligned text table (for logs and the CLI's text format). */
  public String toTable() {
    StringBuilder sb = new StringBuilder(String.join(" | ", columnNames)).append('\n');
    for (List<Object> r : rows) {
      sb.append(String.join(" | ", r.stream().map(String::valueOf).toList())).append('\n');
    }
    return sb.toString();
  }
}
