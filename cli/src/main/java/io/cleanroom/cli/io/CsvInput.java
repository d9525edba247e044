package io.cleanroom.cli.io;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.cleanroom.cli.UserError;
import io.cleanroom.crypto.dataset.SealedHeader.ColumnSpec;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A CSV file (RFC 4180, header row required) read into Arrow batches. Without a schema, a first
 * pass over the whole file infers each column's type and nullability; with one, values are checked
 * against it. Errors name the line and column, never the value.
 */
final class CsvInput implements BatchInput {

  private static final CsvMapper MAPPER = new CsvMapper();

  private final Path file;
  private final Schema schema;
  private final int batchRows;
  private final VectorSchemaRoot root;
  private final CountingStream counter;
  private final MappingIterator<String[]> rows;

  private CsvInput(Path file, Schema schema, int batchRows, BufferAllocator allocator)
      throws IOException {
    this.file = file;
    this.schema = schema;
    this.batchRows = batchRows;
    this.counter = new CountingStream(Files.newInputStream(file));
    this.rows = iterate(counter);
    rows.next(); // the header row, already checked
    this.root = VectorSchemaRoot.create(schema, allocator);
  }

  static CsvInput open(Path file, Optional<Schema> given, int batchRows, BufferAllocator allocator)
      throws IOException {
    List<String> header = readHeader(file);
    Schema schema;
    if (given.isPresent()) {
      schema = given.get();
      List<String> names = schema.getFields().stream().map(Field::getName).toList();
      if (!names.equals(header)) {
        throw new UserError(
            "the CSV header " + header + " does not match the schema's columns " + names);
      }
    } else {
      schema = infer(file, header);
    }
    return new CsvInput(file, schema, batchRows, allocator);
  }

  private static MappingIterator<String[]> iterate(InputStream in) throws IOException {
    return MAPPER
        .readerFor(String[].class)
        .with(CsvParser.Feature.WRAP_AS_ARRAY)
        .readValues(new BufferedInputStream(in, 1 << 16));
  }

  private static List<String> readHeader(Path file) throws IOException {
    try (MappingIterator<String[]> it = iterate(Files.newInputStream(file))) {
      if (!it.hasNextValue()) {
        throw new UserError("input is empty: " + file);
      }
      List<String> names = List.of(it.nextValue());
      Set<String> seen = new HashSet<>();
      for (String n : names) {
        if (n.isBlank() || !seen.add(n)) {
          throw new UserError(
              "the CSV header must name every column once; '" + n + "' is empty or repeated");
        }
      }
      if (!it.hasNextValue()) {
        throw new UserError("input has a header but no rows: " + file);
      }
      return names;
    }
  }

  private static Schema infer(Path file, List<String> header) throws IOException {
    List<CsvValues.Inference> columns = new ArrayList<>();
    header.forEach(h -> columns.add(new CsvValues.Inference()));
    try (MappingIterator<String[]> it = iterate(Files.newInputStream(file))) {
      it.nextValue();
      for (int line = rowStartLine(it); it.hasNextValue(); line = rowStartLine(it)) {
        String[] row = it.nextValue();
        checkWidth(row, header.size(), line);
        for (int c = 0; c < row.length; c++) {
          columns.get(c).accept(row[c]);
        }
      }
    }
    List<Field> fields = new ArrayList<>();
    for (int c = 0; c < header.size(); c++) {
      fields.add(
          new ColumnSpec(header.get(c), columns.get(c).type(), columns.get(c).nullable()).field());
    }
    return new Schema(fields);
  }

  /**
   * The line on which the next row starts: where reading stopped after the previous row (Jackson's
   * location after a row is the start of the following line).
   */
  private static int rowStartLine(MappingIterator<String[]> it) {
    return it.getCurrentLocation().getLineNr();
  }

  private static void checkWidth(String[] row, int expected, int line) {
    if (row.length != expected) {
      throw new UserError(
          "line " + line + " has " + row.length + " fields, the header has " + expected);
    }
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public boolean next() {
    root.allocateNew();
    List<FieldVector> vectors = root.getFieldVectors();
    int n = 0;
    try {
      for (int line = rowStartLine(rows);
          n < batchRows && rows.hasNextValue();
          line = rowStartLine(rows)) {
        String[] row = rows.nextValue();
        checkWidth(row, vectors.size(), line);
        for (int c = 0; c < row.length; c++) {
          try {
            CsvValues.set(vectors.get(c), n, row[c]);
          } catch (RuntimeException e) {
            if (!CsvValues.isValueError(e)) {
              throw e;
            }
            Field f = vectors.get(c).getField();
            throw new UserError(
                "line "
                    + line
                    + ", column '"
                    + f.getName()
                    + "': the value does not fit type "
                    + ColumnSpec.of(f).type()
                    + (f.isNullable() ? "" : " (not nullable)"));
          }
        }
        n++;
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UserError(
          "malformed CSV in "
              + file
              + " near line "
              + e.getLocation().getLineNr()
              + ": "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof IOException io) {
        throw new UserError("malformed CSV in " + file + ": " + io.getMessage(), io);
      }
      throw e;
    }
    root.setRowCount(n);
    return n > 0;
  }

  @Override
  public VectorSchemaRoot root() {
    return root;
  }

  @Override
  public long bytesRead() {
    return counter.count;
  }

  @Override
  public void close() {
    root.close();
    try {
      rows.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Counts the bytes read, for progress. */
  private static final class CountingStream extends FilterInputStream {
    private long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
