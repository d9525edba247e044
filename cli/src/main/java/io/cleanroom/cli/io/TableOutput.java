package io.cleanroom.cli.io;

import io.cleanroom.cli.UserError;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Writes Arrow batches as CSV or as an Arrow IPC file. */
public interface TableOutput extends AutoCloseable {

  /** Appends one batch. */
  void write(VectorSchemaRoot batch) throws IOException;

  /** Flushes and ends the output (the stream is left open). */
  void finish() throws IOException;

  @Override
  default void close() {}

  /** The output format for a file name: {@code .csv} or {@code .arrow}. */
  static String formatOf(String fileName, String explicit) {
    if (explicit != null) {
      return explicit.toLowerCase(Locale.ROOT);
    }
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.endsWith(".csv")) {
      return "csv";
    }
    if (n.endsWith(".arrow")) {
      return "arrow";
    }
    throw new UserError(
        "cannot tell the output format of "
            + fileName
            + ": name it .csv or .arrow, or give --format");
  }

  /** An output in {@code format} ("csv" or "arrow") to {@code out}. */
  static TableOutput create(String format, List<Field> fields, OutputStream out) {
    return switch (format) {
      case "csv" -> new Csv(fields, out);
      case "arrow" -> new Arrow(out);
      default ->
          throw new UserError("unknown output format '" + format + "' (expected csv or arrow)");
    };
  }

  /** RFC 4180 CSV with a header row; nulls are empty fields. */
  final class Csv implements TableOutput {
    private final Writer out;

    Csv(List<Field> fields, OutputStream stream) {
      this.out =
          new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
      try {
        for (int i = 0; i < fields.size(); i++) {
          out.write(i == 0 ? "" : ",");
          out.write(quote(fields.get(i).getName()));
        }
        out.write("\n");
      } catch (IOException e) {
        throw new UserError("cannot write CSV: " + e.getMessage(), e);
      }
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
      List<FieldVector> vectors = batch.getFieldVectors();
      for (int r = 0; r < batch.getRowCount(); r++) {
        for (int c = 0; c < vectors.size(); c++) {
          if (c > 0) {
            out.write(',');
          }
          FieldVector v = vectors.get(c);
          if (!v.isNull(r)) {
            out.write(format(v, r));
          }
        }
        out.write('\n');
      }
    }

    @Override
    public void finish() throws IOException {
      out.flush();
    }

    static String format(FieldVector v, int r) {
      return switch (v) {
        case VarCharVector s -> quote(new String(s.get(r), StandardCharsets.UTF_8));
        case VarBinaryVector b -> Base64.getEncoder().encodeToString(b.get(r));
        case BitVector b -> b.get(r) == 1 ? "true" : "false";
        case DecimalVector d -> d.getObject(r).toPlainString();
        case DateDayVector d -> LocalDate.ofEpochDay(d.get(r)).toString();
        case TimeStampVector t -> timestamp(t, r);
        default -> String.valueOf(v.getObject(r));
      };
    }

    private static String timestamp(TimeStampVector t, int r) {
      ArrowType.Timestamp type = (ArrowType.Timestamp) t.getField().getType();
      long value = t.get(r);
      TimeUnit unit = type.getUnit();
      Instant instant =
          switch (unit) {
            case SECOND -> Instant.ofEpochSecond(value);
            case MILLISECOND -> Instant.ofEpochMilli(value);
            case MICROSECOND ->
                Instant.ofEpochSecond(
                    Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000);
            case NANOSECOND ->
                Instant.ofEpochSecond(
                    Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
          };
      return type.getTimezone() == null
          ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString()
          : instant.toString();
    }

    static String quote(String s) {
      boolean needs =
          s.isEmpty()
              ? false
              : s.indexOf(',') >= 0
                  || s.indexOf('"') >= 0
                  || s.indexOf('\n') >= 0
                  || s.indexOf('\r') >= 0
                  || Character.isWhitespace(s.charAt(0))
                  || Character.isWhitespace(s.charAt(s.length() - 1));
      return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
  }

  /**
   * The Arrow IPC file format (random access, {@code ARROW1} magic). Each batch's buffers are moved
   * (not copied) into the writer's own root.
   */
  final class Arrow implements TableOutput {
    private final OutputStream out;
    private ArrowFileWriter writer;
    private VectorSchemaRoot own;

    Arrow(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
      if (writer == null) {
        own = VectorSchemaRoot.create(batch.getSchema(), batch.getVector(0).getAllocator());
        writer = new ArrowFileWriter(own, null, Channels.newChannel(out));
        writer.start();
      }
      for (int i = 0; i < batch.getFieldVectors().size(); i++) {
        batch.getVector(i).makeTransferPair(own.getVector(i)).transfer();
      }
      own.setRowCount(batch.getRowCount());
      writer.writeBatch();
    }

    @Override
    public void finish() throws IOException {
      if (writer != null) {
        writer.end();
      }
      out.flush();
    }

    @Override
    public void close() {
      if (writer != null) {
        writer.close();
      }
      if (own != null) {
        own.close();
      }
    }
  }
}
