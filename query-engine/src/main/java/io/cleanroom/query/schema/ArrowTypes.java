package io.cleanroom.query.schema;

import java.util.Optional;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Maps Arrow field types to SQL types: the closed set of types the engine reads.
 *
 * <p>Supported: signed integers (8–64 bit), float and double, decimals up to 18 digits, UTF-8
 * strings (also dictionary-encoded), booleans, dates and timestamps. Everything else is refused
 * when the contract is parsed.
 */
public final class ArrowTypes {

  /** The largest decimal precision the engine computes exactly (unscaled values in a long). */
  public static final int MAX_DECIMAL_PRECISION = 18;

  private ArrowTypes() {}

  /** Why a field's type is not supported, or empty if it is. */
  public static Optional<String> check(Field field) {
    try {
      sqlType(field.getType());
      if (field.getDictionary() != null && !(field.getType() instanceof ArrowType.Utf8)) {
        return Optional.of("only strings may be dictionary-encoded");
      }
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The SQL type of a field, with its nullability. */
  public static RelDataType toRelType(Field field, RelDataTypeFactory factory) {
    ArrowType type = field.getType();
    SqlTypeName name = sqlType(type);
    RelDataType t =
        switch (type) {
          case ArrowType.Decimal d -> factory.createSqlType(name, d.getPrecision(), d.getScale());
          case ArrowType.Timestamp ts -> factory.createSqlType(name, 3);
          default -> factory.createSqlType(name);
        };
    return factory.createTypeWithNullability(t, field.isNullable());
  }

  /** The SQL type name of an Arrow type; throws for unsupported types. */
  public static SqlTypeName sqlType(ArrowType type) {
    return switch (type) {
      case ArrowType.Int i when i.getIsSigned() ->
          switch (i.getBitWidth()) {
            case 8 -> SqlTypeName.TINYINT;
            case 16 -> SqlTypeName.SMALLINT;
            case 32 -> SqlTypeName.INTEGER;
            case 64 -> SqlTypeName.BIGINT;
            default -> throw unsupported(type);
          };
      case ArrowType.FloatingPoint f when f.getPrecision() == FloatingPointPrecision.DOUBLE ->
          SqlTypeName.DOUBLE;
      case ArrowType.FloatingPoint f when f.getPrecision() == FloatingPointPrecision.SINGLE ->
          SqlTypeName.REAL;
      case ArrowType.Decimal d
          when d.getBitWidth() == 128 && d.getPrecision() <= MAX_DECIMAL_PRECISION ->
          SqlTypeName.DECIMAL;
      case ArrowType.Utf8 u -> SqlTypeName.VARCHAR;
      case ArrowType.LargeUtf8 u -> SqlTypeName.VARCHAR;
      case ArrowType.Bool b -> SqlTypeName.BOOLEAN;
      case ArrowType.Date d when d.getUnit() == DateUnit.DAY -> SqlTypeName.DATE;
      case ArrowType.Date d when d.getUnit() == DateUnit.MILLISECOND -> SqlTypeName.DATE;
      case ArrowType.Timestamp ts -> SqlTypeName.TIMESTAMP;
      default -> throw unsupported(type);
    };
  }

  private static IllegalArgumentException unsupported(ArrowType type) {
    return new IllegalArgumentException("unsupported Arrow type " + type);
  }
}
