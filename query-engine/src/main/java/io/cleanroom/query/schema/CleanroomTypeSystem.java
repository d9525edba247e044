package io.cleanroom.query.schema;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * The engine's SQL type rules: decimals stay within 18 digits (exact in a long), SUM of integers is
 * a BIGINT, and AVG of exact numbers is a DOUBLE (as in DuckDB and PostgreSQL's intent) rather than
 * Calcite's truncating default.
 */
public final class CleanroomTypeSystem extends RelDataTypeSystemImpl {

  /** The one instance. */
  public static final CleanroomTypeSystem INSTANCE = new CleanroomTypeSystem();

  private CleanroomTypeSystem() {}

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    if (typeName == SqlTypeName.DECIMAL) {
      return ArrowTypes.MAX_DECIMAL_PRECISION;
    }
    return super.getMaxPrecision(typeName);
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    if (typeName == SqlTypeName.DECIMAL) {
      return ArrowTypes.MAX_DECIMAL_PRECISION;
    }
    return super.getMaxScale(typeName);
  }

  @Override
  public RelDataType deriveSumType(RelDataTypeFactory factory, RelDataType argumentType) {
    RelDataType t =
        switch (argumentType.getSqlTypeName()) {
          case TINYINT, SMALLINT, INTEGER, BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
          case DECIMAL ->
              factory.createSqlType(
                  SqlTypeName.DECIMAL, ArrowTypes.MAX_DECIMAL_PRECISION, argumentType.getScale());
          case REAL, FLOAT, DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
          default -> argumentType;
        };
    return factory.createTypeWithNullability(t, argumentType.isNullable());
  }

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory factory, RelDataType argumentType) {
    if (SqlTypeUtil.isNumeric(argumentType)) {
      return factory.createTypeWithNullability(
          factory.createSqlType(SqlTypeName.DOUBLE), argumentType.isNullable());
    }
    return super.deriveAvgAggType(factory, argumentType);
  }
}
