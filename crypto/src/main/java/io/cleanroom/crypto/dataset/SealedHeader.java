package io.cleanroom.crypto.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The readable header of a sealed dataset: who and what the dataset is ({@link Binding}) and where
 * its column streams are ({@link Layout}). See {@code docs/format.md} for the byte layout.
 *
 * <p><b>Security:</b> the binding section is fixed before any column is encrypted; its SHA-256 is
 * part of every column's associated data, so a column cannot move to another dataset, file or
 * position. The whole header (layout included) is authenticated by an HMAC under a key derived from
 * the dataset key. Without the key, only the structure can be checked.
 */
public record SealedHeader(Binding binding, Layout layout) {

  /** The {@code format} member of every header. */
  public static final String FORMAT = "cleanroom.sealed-dataset";

  /** The format version this code writes and reads. */
  public static final int VERSION = 1;

  /** Largest header accepted, in bytes. */
  public static final int MAX_HEADER_BYTES = 16 << 20;

  /**
   * The dataset's identity, fixed before encryption starts.
   *
   * @param datasetId the dataset's id within the collaboration
   * @param ownerOrg the owning organisation
   * @param collaborationId the collaboration the dataset is sealed for
   * @param createdAt when sealing started
   * @param keyId the id of the data key ({@link DatasetKey#keyId()})
   * @param sealId 16 random bytes (base64url) that make every sealed file distinct
   * @param columns the columns, in stream order
   */
  public record Binding(
      String datasetId,
      String ownerOrg,
      String collaborationId,
      Instant createdAt,
      String keyId,
      String sealId,
      List<ColumnSpec> columns) {

    public Binding {
      columns = List.copyOf(columns);
      if (columns.isEmpty()) {
        throw malformed("dataset has no columns");
      }
      Set<String> names = new HashSet<>();
      for (ColumnSpec c : columns) {
        if (c.name().isEmpty() || !names.add(c.name())) {
          throw malformed("column names must be unique and non-empty");
        }
        ColumnTypes.parse(c.type());
      }
      for (String id : List.of(datasetId, ownerOrg, collaborationId, keyId, sealId)) {
        if (id.isBlank()) {
          throw malformed("dataset ids must not be blank");
        }
      }
    }

    /**
     * SHA-256 of this section's canonical JSON: the dataset part of each column's associated data.
     */
    public byte[] digest() {
      return Digests.sha256(CanonicalJson.toBytes(toJson()));
    }

    /** The Arrow schema of the dataset. */
    public Schema schema() {
      List<Field> fields = new ArrayList<>(columns.size());
      for (ColumnSpec c : columns) {
        fields.add(c.field());
      }
      return new Schema(fields);
    }

    ObjectNode toJson() {
      ObjectNode n = CanonicalJson.mapper().createObjectNode();
      n.put("datasetId", datasetId);
      n.put("ownerOrg", ownerOrg);
      n.put("collaborationId", collaborationId);
      n.put("createdAt", createdAt.toString());
      n.put("keyId", keyId);
      n.put("sealId", sealId);
      n.put("cipher", DatasetKey.CIPHER);
      ArrayNode cols = n.putObject("schema").putArray("fields");
      for (ColumnSpec c : columns) {
        cols.addObject().put("name", c.name()).put("type", c.type()).put("nullable", c.nullable());
      }
      return n;
    }
  }

  /**
   * One column: its name, type name ({@link ColumnTypes}) and nullability.
   *
   * @param name the column name
   * @param type the type name
   * @param nullable whether nulls may occur
   */
  public record ColumnSpec(String name, String type, boolean nullable) {

    /** The column of an Arrow field. */
    public static ColumnSpec of(Field field) {
      return new ColumnSpec(field.getName(), ColumnTypes.name(field.getType()), field.isNullable());
    }

    /** The Arrow field of this column. */
    public Field field() {
      return new Field(name, new FieldType(nullable, ColumnTypes.parse(type), null), null);
    }
  }

  /**
   * Where each column's sealed stream lies and how the rows are batched.
   *
   * @param rowCount total rows
   * @param batchRowCounts rows per batch, the same for every column
   * @param ranges one byte range per column, in column order, relative to the body start
   */
  public record Layout(long rowCount, List<Long> batchRowCounts, List<ByteRange> ranges) {
    public Layout {
      batchRowCounts = List.copyOf(batchRowCounts);
      ranges = List.copyOf(ranges);
    }

    /** Total body length: the sum of all column stream lengths. */
    public long bodyLength() {
      long total = 0;
      for (ByteRange r : ranges) {
        total += r.length();
      }
      return total;
    }
  }

  /**
   * A column stream's byte range relative to the first byte after the header tag.
   *
   * @param offset start of the stream
   * @param length length of the stream
   */
  public record ByteRange(long offset, long length) {}

  /** The index of the named column, or -1. */
  public int columnIndex(String name) {
    List<ColumnSpec> cols = binding.columns();
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The header as canonical JSON bytes (what is written to the file). */
  public byte[] toBytes() {
    return CanonicalJson.toBytes(toJson());
  }

  /** The header as a JSON tree. */
  public ObjectNode toJson() {
    ObjectNode n = CanonicalJson.mapper().createObjectNode();
    n.put("format", FORMAT);
    n.put("version", VERSION);
    n.set("dataset", binding.toJson());
    ObjectNode l = n.putObject("layout");
    l.put("rowCount", layout.rowCount());
    ArrayNode batches = l.putArray("batchRowCounts");
    layout.batchRowCounts().forEach(batches::add);
    ArrayNode cols = l.putArray("columns");
    for (int i = 0; i < layout.ranges().size(); i++) {
      ByteRange r = layout.ranges().get(i);
      cols.addObject()
          .put("index", i)
          .put("name", binding.columns().get(i).name())
          .put("offset", r.offset())
          .put("length", r.length());
    }
    return n;
  }

  /**
   * Parses and structurally validates header bytes. Needs no key; checks that the header is
   * canonical JSON, has every member, names known types, has unique column names, and that the
   * layout is contiguous and consistent.
   */
  public static SealedHeader parse(byte[] bytes) {
    JsonNode n;
    try {
      n = CanonicalJson.parse(bytes);
    } catch (CryptoException e) {
      throw malformed("header is not valid JSON");
    }
    if (!FORMAT.equals(n.path("format").asText())) {
      throw malformed("header is not a " + FORMAT + " header");
    }
    if (n.path("version").asInt(-1) != VERSION) {
      throw new CryptoException(
          CryptoException.Code.UNSUPPORTED_VERSION,
          "sealed dataset version "
              + n.path("version")
              + " is not supported (expected "
              + VERSION
              + ")");
    }
    SealedHeader header =
        new SealedHeader(parseBinding(n.path("dataset")), parseLayout(n.path("layout")));
    header.validate();
    if (!java.util.Arrays.equals(bytes, header.toBytes())) {
      throw malformed("header is not in canonical form or has unknown members");
    }
    return header;
  }

  private static Binding parseBinding(JsonNode d) {
    if (!DatasetKey.CIPHER.equals(d.path("cipher").asText())) {
      throw malformed("unsupported cipher " + d.path("cipher"));
    }
    List<ColumnSpec> cols = new ArrayList<>();
    for (JsonNode f : d.path("schema").path("fields")) {
      if (!f.path("nullable").isBoolean()) {
        throw malformed("column without nullability");
      }
      cols.add(new ColumnSpec(text(f, "name"), text(f, "type"), f.path("nullable").booleanValue()));
    }
    Instant created;
    try {
      created = Instant.parse(text(d, "createdAt"));
    } catch (DateTimeParseException e) {
      throw malformed("createdAt is not an ISO-8601 instant");
    }
    try {
      return new Binding(
          text(d, "datasetId"),
          text(d, "ownerOrg"),
          text(d, "collaborationId"),
          created,
          text(d, "keyId"),
          text(d, "sealId"),
          cols);
    } catch (CryptoException e) {
      if (e.code() == CryptoException.Code.INVALID_DATA) {
        throw malformed(e.getMessage());
      }
      throw e;
    }
  }

  private static Layout parseLayout(JsonNode l) {
    List<Long> batches = new ArrayList<>();
    for (JsonNode b : l.path("batchRowCounts")) {
      batches.add(number(b, "batchRowCounts"));
    }
    List<ByteRange> ranges = new ArrayList<>();
    int i = 0;
    for (JsonNode c : l.path("columns")) {
      if (c.path("index").asInt(-1) != i++) {
        throw malformed("layout columns are not in index order");
      }
      ranges.add(
          new ByteRange(number(c.path("offset"), "offset"), number(c.path("length"), "length")));
    }
    return new Layout(number(l.path("rowCount"), "rowCount"), batches, ranges);
  }

  private void validate() {
    int columns = binding.columns().size();
    if (layout.ranges().size() != columns) {
      throw malformed("layout has " + layout.ranges().size() + " columns, schema has " + columns);
    }
    long expected = 0;
    for (ByteRange r : layout.ranges()) {
      if (r.offset() != expected || r.length() <= 0) {
        throw malformed("column streams are not contiguous");
      }
      expected = Math.addExact(expected, r.length());
    }
    long rows = 0;
    for (long b : layout.batchRowCounts()) {
      if (b <= 0 || b > Integer.MAX_VALUE) {
        throw malformed("batch row counts must be between 1 and 2^31-1");
      }
      rows = Math.addExact(rows, b);
    }
    if (rows != layout.rowCount()) {
      throw malformed("batch row counts add up to " + rows + ", not " + layout.rowCount());
    }
  }

  private static String text(JsonNode n, String member) {
    JsonNode v = n.path(member);
    if (!v.isTextual()) {
      throw malformed("missing " + member);
    }
    return v.textValue();
  }

  private static long number(JsonNode v, String member) {
    if (!v.isIntegralNumber() || v.longValue() < 0) {
      throw malformed(member + " must be a non-negative integer");
    }
    return v.longValue();
  }

  private static CryptoException malformed(String why) {
    return new CryptoException(CryptoException.Code.MALFORMED_HEADER, why);
  }
}
