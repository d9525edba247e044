package io.cleanroom.cli.io;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Parsing CSV text into Arrow values, and inferring a column's type from its values. Empty fields
 * are nulls. Parse errors say what type was expected, never what the value was.
 */
final class CsvValues {

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");
  private static final Pattern ZONED =
      Pattern.compile(TIMESTAMP.pattern() + "(Z|[+-]\\d{2}:\\d{2})");

  private CsvValues() {}

  /** What a column's values could be; narrowed value by value. */
  static final class Inference {
    private boolean bool = true;
    private boolean integer = true;
    private boolean floating = true;
    private boolean date = true;
    private boolean naive = true;
    private boolean zoned = true;
    private boolean sawValue;
    private boolean sawNull;

    void accept(String raw) {
      if (raw.isEmpty()) {
        sawNull = true;
        return;
      }
      sawValue = true;
      String v = raw.trim();
      bool &= v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
      integer &= INTEGER.matcher(v).matches() && fitsLong(v);
      floating &= FLOAT.matcher(v).matches();
      date &= DATE.matcher(v).matches();
      naive &= TIMESTAMP.matcher(v).matches();
      zoned &= ZONED.matcher(v).matches();
    }

    /** The narrowest type that holds every value seen. */
    String type() {
      if (!sawValue) {
        return "utf8";
      }
      if (bool) {
        return "bool";
      }
      if (integer) {
        return "int64";
      }
      if (floating) {
        return "float64";
      }
      if (date) {
        return "date32";
      }
      if (zoned) {
        return "timestamp[us,UTC]";
      }
      if (naive) {
        return "timestamp[us]";
      }
      return "utf8";
    }

    boolean nullable() {
      return sawNull;
    }

    private static boolean fitsLong(String v) {
      try {
        Long.parseLong(v);
        return true;
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }

  /** Sets row {@code row} of {@code vector} from {@code raw}; throws IllegalArgumentException. */
  static void set(FieldVector vector, int row, String raw) {
    if (raw.isEmpty()) {
      if (!vector.getField().isNullable()) {
        throw new IllegalArgumentException("an empty value in a column that is not nullable");
      }
      vector.setNull(row);
      return;
    }
    String v =
        vector instanceof VarCharVector || vector instanceof VarBinaryVector ? raw : raw.trim();
    switch (vector) {
      case BigIntVector x -> x.setSafe(row, Long.parseLong(integer(v)));
      case IntVector x -> x.setSafe(row, Math.toIntExact(Long.parseLong(integer(v))));
      case SmallIntVector x ->
          x.setSafe(row, narrow(Long.parseLong(integer(v)), Short.MIN_VALUE, Short.MAX_VALUE));
      case TinyIntVector x ->
          x.setSafe(row, narrow(Long.parseLong(integer(v)), Byte.MIN_VALUE, Byte.MAX_VALUE));
      case Float8Vector x -> x.setSafe(row, Double.parseDouble(floating(v)));
      case Float4Vector x -> x.setSafe(row, Float.parseFloat(floating(v)));
      case BitVector x -> x.setSafe(row, bool(v) ? 1 : 0);
      case DecimalVector x -> x.setSafe(row, decimal(v, x.getPrecision(), x.getScale()));
      case DateDayVector x -> x.setSafe(row, Math.toIntExact(LocalDate.parse(v).toEpochDay()));
      case TimeStampVector x ->
          x.setSafe(row, timestamp(v, (ArrowType.Timestamp) x.getField().getType()));
      case VarCharVector x -> x.setSafe(row, v.getBytes(StandardCharsets.UTF_8));
      case VarBinaryVector x -> x.setSafe(row, Base64.getDecoder().decode(v));
      default ->
          throw new IllegalStateException("no CSV loader for " + vector.getField().getType());
    }
  }

  private static String integer(String v) {
    if (!INTEGER.matcher(v).matches()) {
      throw new IllegalArgumentException("not an integer");
    }
    return v;
  }

  private static String floating(String v) {
    if (!FLOAT.matcher(v).matches()) {
      throw new IllegalArgumentException("not a number");
    }
    return v;
  }

  private static int narrow(long v, int min, int max) {
    if (v < min || v > max) {
      throw new ArithmeticException("out of range");
    }
    return (int) v;
  }

  private static boolean bool(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  private static BigDecimal decimal(String v, int precision, int scale) {
    BigDecimal d = new BigDecimal(floating(v)).setScale(scale, RoundingMode.UNNECESSARY);
    if (d.precision() > precision) {
      throw new ArithmeticException("too many digits");
    }
    return d;
  }

  private static long timestamp(String v, ArrowType.Timestamp type) {
    Instant instant;
    if (type.getTimezone() == null) {
      instant = LocalDateTime.parse(v.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } else {
      instant = OffsetDateTime.parse(v.replace(' ', 'T')).toInstant();
    }
    TimeUnit unit = type.getUnit();
    ChronoUnit chrono =
        switch (unit) {
          case SECOND -> ChronoUnit.SECONDS;
          case MILLISECOND -> ChronoUnit.MILLIS;
          case MICROSECOND -> ChronoUnit.MICROS;
          case NANOSECOND -> ChronoUnit.NANOS;
        };
    return chrono.between(Instant.EPOCH, instant);
  }

  /**
   * True if {@code e} is one of the exceptions {@link #set} throws for a value that does not fit.
   */
  static boolean isValueError(RuntimeException e) {
    return e instanceof IllegalArgumentException
        || e instanceof ArithmeticException
        || e instanceof DateTimeParseException;
  }
}
