package io.cleanroom.query.schema;

import io.cleanroom.query.contract.DatasetSpec;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A dataset as a Calcite table: its row type comes from the Arrow schema, its row count is an
 * estimate for planning. It holds no data; execution binds a source to it by name.
 */
public final class ContractTable extends AbstractTable {

  private final String name;
  private final Schema schema;
  private final double rowCount;

  public ContractTable(String name, Schema schema, double rowCount) {
    this.name = name;
    this.schema = schema;
    this.rowCount = rowCount;
  }

  /** A table for a contract dataset. */
  public static ContractTable of(DatasetSpec dataset, double rowCount) {
    return new ContractTable(dataset.id(), dataset.schema(), rowCount);
  }

  /** The table's name in SQL (the dataset id). */
  public String name() {
    return name;
  }

  /** The Arrow schema of the data. */
  public Schema arrowSchema() {
    return schema;
  }

  /** The row count estimate used for planning. */
  public double rowCount() {
    return rowCount;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    RelDataTypeFactory.Builder b = factory.builder();
    for (Field f : schema.getFields()) {
      b.add(f.getName(), ArrowTypes.toRelType(f, factory));
    }
    return b.build();
  }

  @Override
  public Statistic getStatistic() {
    return Statistics.of(rowCount, List.of());
  }
}
