package io.cleanroom.crypto.dataset;

import io.cleanroom.crypto.CryptoException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The names of the column types a sealed dataset may hold, and their Arrow types: {@code bool},
 * {@code int8|16|32|64}, {@code float32|64}, {@code decimal(P,S)}, {@code utf8}, {@code binary},
 * {@code date32}, {@code timestamp[s|ms|us|ns]} and {@code timestamp[UNIT,ZONE]}.
 *
 * <p>The same names appear in sealed headers, in {@code --schema} files and in contracts, so that a
 * person (or a browser) can read them without an Arrow library.
 */
public final class ColumnTypes {

  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d{1,2}),(\\d{1,2})\\)");
  private static final Pattern TIMESTAMP =
      Pattern.compile("timestamp\\[(s|ms|us|ns)(?:,([^\\]]+))?\\]");

  private ColumnTypes() {}

  /** The Arrow type named by {@code name}; throws {@link CryptoException} for unknown names. */
  public static ArrowType parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    switch (n) {
      case "bool":
        return ArrowType.Bool.INSTANCE;
      case "int8":
        return new ArrowType.Int(8, true);
      case "int16":
        return new ArrowType.Int(16, true);
      case "int32":
        return new ArrowType.Int(32, true);
      case "int64":
        return new ArrowType.Int(64, true);
      case "float32":
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case "float64":
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case "utf8":
        return ArrowType.Utf8.INSTANCE;
      case "binary":
        return ArrowType.Binary.INSTANCE;
      case "date32":
        return new ArrowType.Date(DateUnit.DAY);
      default:
        break;
    }
    Matcher m = DECIMAL.matcher(n);
    if (m.matches()) {
      int precision = Integer.parseInt(m.group(1));
      int scale = Integer.parseInt(m.group(2));
      if (precision < 1 || precision > 38 || scale > precision) {
        throw unknown(name);
      }
      return new ArrowType.Decimal(precision, scale, 128);
    }
    m = TIMESTAMP.matcher(name.trim().replace(" ", ""));
    if (m.matches()) {
      TimeUnit unit =
          switch (m.group(1)) {
            case "s" -> TimeUnit.SECOND;
            case "ms" -> TimeUnit.MILLISECOND;
            case "us" -> TimeUnit.MICROSECOND;
            default -> TimeUnit.NANOSECOND;
          };
      return new ArrowType.Timestamp(unit, m.group(2));
    }
    throw unknown(name);
  }

  /**
   * The name of an Arrow type; throws {@link CryptoException} for types sealed datasets do not
   * hold.
   */
  public static String name(ArrowType type) {
    return switch (type) {
      case ArrowType.Bool b -> "bool";
      case ArrowType.Int i when i.getIsSigned() && isStandardWidth(i.getBitWidth()) ->
          "int" + i.getBitWidth();
      case ArrowType.FloatingPoint f when f.getPrecision() == FloatingPointPrecision.SINGLE ->
          "float32";
      case ArrowType.FloatingPoint f when f.getPrecision() == FloatingPointPrecision.DOUBLE ->
          "float64";
      case ArrowType.Decimal d when d.getBitWidth() == 128 ->
          "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
      case ArrowType.Utf8 u -> "utf8";
      case ArrowType.Binary b -> "binary";
      case ArrowType.Date d when d.getUnit() == DateUnit.DAY -> "date32";
      case ArrowType.Timestamp t -> "timestamp[" + unit(t.getUnit()) + tz(t.getTimezone()) + "]";
      default ->
          throw new CryptoException(
              CryptoException.Code.INVALID_DATA, "column type " + type + " is not supported");
    };
  }

  private static boolean isStandardWidth(int bits) {
    return bits == 8 || bits == 16 || bits == 32 || bits == 64;
  }

  private static String unit(TimeUnit unit) {
    return switch (unit) {
      case SECOND -> "s";
      case MILLISECOND -> "ms";
      case MICROSECOND -> "us";
      case NANOSECOND -> "ns";
    };
  }

  private static String tz(String zone) {
    return zone == null ? "" : "," + zone;
  }

  private static CryptoException unknown(String name) {
    return new CryptoException(
        CryptoException.Code.INVALID_DATA,
        "unknown column type '"
            + name
            + "' (expected bool, int8|16|32|64, float32|64, decimal(P,S), utf8, binary, date32,"
            + " timestamp[s|ms|us|ns] or timestamp[UNIT,ZONE])");
  }
}
