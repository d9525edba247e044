package io.cleanroom.cli.io;

import io.cleanroom.cli.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** A plaintext table read batch by batch into one reused Arrow {@link VectorSchemaRoot}. */
public interface BatchInput extends AutoCloseable {

  /** The table's schema. */
  Schema schema();

  /** Loads the next batch into {@link #root()}; false at the end. */
  boolean next();

  /** The current batch. */
  VectorSchemaRoot root();

  /** Input bytes consumed so far (for progress). */
  long bytesRead();

  @Override
  void close();

  /** The input formats {@link #open} understands. */
  enum Format {
    CSV,
    ARROW;

    /** The format named on the command line ({@code csv}, {@code arrow}). */
    public static Format parse(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "csv" -> CSV;
        case "arrow", "arrows", "ipc", "feather" -> ARROW;
        default ->
            throw new UserError("unknown input format '" + name + "' (expected csv or arrow)");
      };
    }
  }

  /**
   * Opens {@code file}: Arrow IPC (file or stream format) when it starts with Arrow's magic or the
   * format says so, CSV otherwise. {@code schema} applies to CSV only (types are inferred without
   * it).
   */
  static BatchInput open(
      Path file,
      Optional<Format> format,
      Optional<Schema> schema,
      int batchRows,
      BufferAllocator allocator) {
    if (!Files.isRegularFile(file)) {
      throw new UserError("no such file: " + file);
    }
    try {
      if (Files.size(file) == 0) {
        throw new UserError("input is empty: " + file);
      }
      Format f = format.orElseGet(() -> sniff(file));
      return switch (f) {
        case ARROW -> {
          if (schema.isPresent()) {
            throw new UserError(
                "--schema applies to CSV input only (Arrow input carries its schema)");
          }
          yield ArrowInput.open(file, allocator);
        }
        case CSV -> CsvInput.open(file, schema, batchRows, allocator);
      };
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Format sniff(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return Format.CSV;
    }
    byte[] head = new byte[8];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, head.length);
      boolean arrowFile = n >= 6 && Arrays.equals(head, 0, 6, ArrowInput.MAGIC, 0, 6);
      boolean arrowStream =
          n >= 4
              && (head[0] & 0xff) == 0xff
              && (head[1] & 0xff) == 0xff
              && (head[2] & 0xff) == 0xff
              && (head[3] & 0xff) == 0xff;
      return arrowFile || arrowStream || name.endsWith(".arrow") || name.endsWith(".arrows")
          ? Format.ARROW
          : Format.CSV;
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
