package io.cleanroom.portal.sealing;

import io.cleanroom.crypto.dataset.SealedHeader.ColumnSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import org.apache.arrow.memory.BufferAllocator;
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
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A generated table over every column type the sealed format holds, with nulls: its expected values
 * (normalised: integers as Long, decimals as BigDecimal, dates as epoch days, timestamps as epoch
 * units, binary as hex), its CSV text, and Arrow batches of it.
 */
final class InteropTable {

  static final List<ColumnSpec> COLUMNS =
      List.of(
          new ColumnSpec("id", "int64", false),
          new ColumnSpec("visits", "int64", false),
          new ColumnSpec("name", "utf8", true),
          new ColumnSpec("tiny", "int8", true),
          new ColumnSpec("small", "int16", false),
          new ColumnSpec("age", "int32", true),
          new ColumnSpec("ratio", "float32", true),
          new ColumnSpec("score", "float64", true),
          new ColumnSpec("cost", "decimal(12,2)", true),
          new ColumnSpec("day", "date32", true),
          new ColumnSpec("seen", "timestamp[us]", true),
          new ColumnSpec("at", "timestamp[ms,UTC]", true),
          new ColumnSpec("active", "bool", true),
          new ColumnSpec("raw", "binary", true));

  static final Schema SCHEMA = new Schema(COLUMNS.stream().map(ColumnSpec::field).toList());

  private static final String[] WORDS = {
    "plain",
    "with, comma",
    "with \"quotes\"",
    "two\nlines",
    "crlf\r\nline",
    " padded ",
    "café",
    "日本語",
    "emoji 🧪",
    "tab\there"
  };
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  final List<Object[]> rows = new ArrayList<>();
  private final List<String[]> csv = new ArrayList<>();

  /** {@code n} rows from {@code seed}; one value in about eight of a nullable column is null. */
  InteropTable(int n, long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      Object[] v = new Object[COLUMNS.size()];
      String[] t = new String[COLUMNS.size()];
      long id = seed * 1_000_000L + i - n / 2;
      v[0] = id;
      t[0] = Long.toString(id);
      v[1] = r.nextLong();
      t[1] = (r.nextBoolean() ? " " : "") + v[1];
      String word = WORDS[r.nextInt(WORDS.length)] + " " + i;
      v[2] = word;
      t[2] = quote(word);
      v[3] = (long) (r.nextInt(256) - 128);
      t[3] = (((long) v[3]) >= 0 && r.nextBoolean() ? "+" : "") + v[3];
      v[4] = (long) (short) r.nextInt();
      t[4] = v[4].toString();
      v[5] = (long) r.nextInt();
      t[5] = v[5] + " ";
      float f = (float) (r.nextGaussian() * 1000);
      v[6] = f;
      t[6] = Float.toString(f);
      double d = r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10);
      v[7] = d;
      t[7] = Double.toString(d);
      BigDecimal cost = BigDecimal.valueOf(r.nextLong() % 100_000_000_000L, 2);
      v[8] = cost;
      t[8] = r.nextBoolean() ? cost.toPlainString() : cost.toPlainString() + "0";
      long day = r.nextInt(80_000) - 30_000;
      v[9] = day;
      t[9] = LocalDate.ofEpochDay(day).toString();
      long micros = r.nextLong() % 4_000_000_000_000_000L;
      v[10] = micros;
      t[10] =
          LocalDateTime.ofEpochSecond(
                  Math.floorDiv(micros, 1_000_000),
                  Math.floorMod(micros, 1_000_000) * 1000,
                  ZoneOffset.UTC)
              .format(MICROS);
      long millis = r.nextLong() % 4_000_000_000_000L;
      v[11] = millis;
      ZoneOffset offset = ZoneOffset.ofTotalSeconds((r.nextInt(48) - 24) * 1800);
      t[11] = Instant.ofEpochMilli(millis).atOffset(offset).toString();
      boolean b = r.nextBoolean();
      v[12] = b;
      t[12] = r.nextBoolean() ? (b ? "true" : "FALSE") : (b ? "1" : "0");
      byte[] raw = new byte[r.nextInt(40)];
      r.nextBytes(raw);
      v[13] = HexFormat.of().formatHex(raw);
      t[13] = Base64.getEncoder().encodeToString(raw);
      for (int c = 0; c < v.length; c++) {
        if (COLUMNS.get(c).nullable() && (r.nextInt(8) == 0 || (c == 13 && raw.length == 0))) {
          v[c] = null;
          t[c] = "";
        }
      }
      rows.add(v);
      csv.add(t);
    }
  }

  /** The expected values, row by row. */
  List<List<Object>> expected() {
    return rows.stream().map(java.util.Arrays::asList).toList();
  }

  /** The table as CSV text: a header row, then the rows; line ends alternate LF and CRLF. */
  String csv() {
    StringBuilder out = new StringBuilder();
    out.append(String.join(",", COLUMNS.stream().map(ColumnSpec::name).toList())).append('\n');
    for (int i = 0; i < csv.size(); i++) {
      StringJoiner line = new StringJoiner(",");
      for (String s : csv.get(i)) {
        line.add(s);
      }
      out.append(line).append(i % 2 == 0 ? "\n" : "\r\n");
    }
    return out.toString();
  }

  /** Fills {@code root} with rows {@code from .. from+n}. */
  void fill(VectorSchemaRoot root, int from, int n) {
    root.allocateNew();
    for (int c = 0; c < COLUMNS.size(); c++) {
      FieldVector v = root.getVector(c);
      for (int i = 0; i < n; i++) {
        set(v, i, rows.get(from + i)[c]);
      }
    }
    root.setRowCount(n);
  }

  /** Writes the table as an Arrow IPC file or stream in batches of {@code batchRows}. */
  void writeArrow(Path out, boolean fileFormat, int batchRows, BufferAllocator allocator)
      throws IOException {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(InteropTable.SCHEMA, allocator);
        OutputStream os = Files.newOutputStream(out);
        ArrowWriter w =
            fileFormat
                ? new ArrowFileWriter(root, null, Channels.newChannel(os))
                : new ArrowStreamWriter(root, null, os)) {
      w.start();
      for (int from = 0; from < rows.size(); from += batchRows) {
        fill(root, from, Math.min(batchRows, rows.size() - from));
        w.writeBatch();
      }
      w.end();
    }
  }

  /** Row {@code i} of {@code v}, normalised like the expected values. */
  static Object read(FieldVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    return switch (v) {
      case BigIntVector x -> x.get(i);
      case IntVector x -> (long) x.get(i);
      case SmallIntVector x -> (long) x.get(i);
      case TinyIntVector x -> (long) x.get(i);
      case Float4Vector x -> x.get(i);
      case Float8Vector x -> x.get(i);
      case DecimalVector x -> x.getObject(i);
      case DateDayVector x -> (long) x.get(i);
      case TimeStampVector x -> x.get(i);
      case BitVector x -> x.get(i) == 1;
      case VarCharVector x -> new String(x.get(i), StandardCharsets.UTF_8);
      case VarBinaryVector x -> HexFormat.of().formatHex(x.get(i));
      default -> throw new IllegalArgumentException("no reader for " + v.getField());
    };
  }

  private static void set(FieldVector v, int i, Object o) {
    if (o == null) {
      v.setNull(i);
      return;
    }
    switch (v) {
      case BigIntVector x -> x.setSafe(i, (long) o);
      case IntVector x -> x.setSafe(i, (int) (long) o);
      case SmallIntVector x -> x.setSafe(i, (short) (long) o);
      case TinyIntVector x -> x.setSafe(i, (byte) (long) o);
      case Float4Vector x -> x.setSafe(i, (float) o);
      case Float8Vector x -> x.setSafe(i, (double) o);
      case DecimalVector x -> x.setSafe(i, (BigDecimal) o);
      case DateDayVector x -> x.setSafe(i, (int) (long) o);
      case TimeStampVector x -> x.setSafe(i, (long) o);
      case BitVector x -> x.setSafe(i, ((boolean) o) ? 1 : 0);
      case VarCharVector x -> x.setSafe(i, ((String) o).getBytes(StandardCharsets.UTF_8));
      case VarBinaryVector x -> x.setSafe(i, HexFormat.of().parseHex((String) o));
      default -> throw new IllegalArgumentException("no writer for " + v.getField());
    }
  }

  /** Quotes a value only where CSV needs it, so that rows take both of the tokenizer's paths. */
  private static String quote(String s) {
    if (s.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
      return s;
    }
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  /** The fields of {@link #SCHEMA}, by name. */
  static Field field(String name) {
    return SCHEMA.findField(name);
  }
}
