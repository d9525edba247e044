package io.cleanroom.testing;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * TPC-H tables from {@code io.trino.tpch}'s generator as Arrow batches: identifiers as BIGINT,
 * integers as INT, dates as DATE, money and quantities as DECIMAL(12,2), text as VARCHAR; the
 * free-text comment columns are left out. Rows go straight into vectors, batch by batch.
 */
public final class TpchData {

  private TpchData() {}

  /** Every TPC-H table at {@code scale}. */
  public static ArrowTables generate(double scale, int batchRows, BufferAllocator allocator) {
    ArrowTables tables = new ArrowTables();
    try {
      for (TpchTable<?> t : TpchTable.getTables()) {
        add(tables, t, scale, batchRows, allocator);
      }
      return tables;
    } catch (RuntimeException e) {
      tables.close();
      throw e;
    }
  }

  /** The Arrow schema of a TPC-H table as generated here. */
  public static <E extends TpchEntity> Schema schema(TpchTable<E> t) {
    List<Field> fields = new ArrayList<>();
    for (TpchColumn<E> c : columns(t)) {
      ArrowType type =
          switch (c.getType().getBase()) {
            case IDENTIFIER -> new ArrowType.Int(64, true);
            case INTEGER -> new ArrowType.Int(32, true);
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case DOUBLE -> new ArrowType.Decimal(12, 2, 128);
            case VARCHAR -> ArrowType.Utf8.INSTANCE;
          };
      fields.add(new Field(c.getColumnName(), new FieldType(false, type, null), null));
    }
    return new Schema(fields);
  }

  private static <E extends TpchEntity> List<TpchColumn<E>> columns(TpchTable<E> t) {
    return t.getColumns().stream().filter(c -> !c.getColumnName().endsWith("comment")).toList();
  }

  private static <E extends TpchEntity> void add(
      ArrowTables tables, TpchTable<E> t, double scale, int batchRows, BufferAllocator allocator) {
    Schema schema = schema(t);
    List<TpchColumn<E>> cols = columns(t);
    tables.declare(t.getTableName(), schema);
    VectorSchemaRoot root = null;
    int n = 0;
    for (E e : t.createGenerator(scale, 1, 1)) {
      if (root == null) {
        root = VectorSchemaRoot.create(schema, allocator);
        for (FieldVector v : root.getFieldVectors()) {
          v.setInitialCapacity(batchRows);
        }
        root.allocateNew();
      }
      for (int c = 0; c < cols.size(); c++) {
        set(root.getVector(c), n, cols.get(c), e);
      }
      if (++n == batchRows) {
        root.setRowCount(n);
        tables.add(t.getTableName(), root);
        root = null;
        n = 0;
      }
    }
    if (root != null) {
      root.setRowCount(n);
      tables.add(t.getTableName(), root);
    }
  }

  private static <E extends TpchEntity> void set(FieldVector v, int i, TpchColumn<E> c, E e) {
    switch (v) {
      case BigIntVector b -> b.setSafe(i, c.getIdentifier(e));
      case IntVector x -> x.setSafe(i, c.getInteger(e));
      case DateDayVector d -> d.setSafe(i, c.getDate(e));
      case DecimalVector d -> d.setSafe(i, Math.round(c.getDouble(e) * 100));
      case VarCharVector s -> s.setSafe(i, c.getString(e).getBytes(StandardCharsets.UTF_8));
      default -> throw new IllegalStateException("unexpected vector " + v.getMinorType());
    }
  }
}
