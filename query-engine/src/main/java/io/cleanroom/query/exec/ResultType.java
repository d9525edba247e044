package io.cleanroom.query.exec;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The SQL type of a result column and the Java class of its values.
 *
 * @param kind the type
 * @param precision decimal digits (DECIMAL only, else 0)
 * @param scale digits after the point (DECIMAL only, else 0)
 * @param nullable whether values may be null
 */
public record ResultType(Kind kind, int precision, int scale, boolean nullable) {

  /** The types of result values, each with the Java class rows hold. */
  public enum Kind {
    /** {@link Boolean}. */
    BOOLEAN,
    /** {@link Long} (all integer widths). */
    BIGINT,
    /** {@link Double}. */
    DOUBLE,
    /** {@link java.math.BigDecimal}. */
    DECIMAL,
    /** {@link String}. */
    VARCHAR,
    /** {@link java.time.LocalDate}. */
    DATE,
    /** {@link java.time.LocalDateTime} (UTC, millisecond precision). */
    TIMESTAMP
  }

  /** The Arrow type of the column in {@link QueryResult#toArrow}. */
  public ArrowType arrowType() {
    return switch (kind) {
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case BIGINT -> new ArrowType.Int(64, true);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL -> new ArrowType.Decimal(precision, scale, 128);
      case VARCHAR -> ArrowType.Utf8.INSTANCE;
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
    };
  }

  @Override
  public String toString() {
    return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.name();
  }
}
