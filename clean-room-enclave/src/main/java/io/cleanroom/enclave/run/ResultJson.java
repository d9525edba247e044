package io.cleanroom.enclave.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.exec.QueryResult;
import io.cleanroom.query.exec.ResultType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * A query result as JSON: {@code {"columns": [{"name", "type"}], "rows": [[...]]}}. Integers are
 * JSON numbers up to 2<sup>53</sup> (strings beyond), decimals are strings (exact), doubles are
 * numbers, dates and timestamps ISO-8601 strings. The output digest in the receipt is SHA-256 of
 * the canonical JSON (RFC 8785) of this document.
 */
final class ResultJson {

  private static final long MAX_SAFE = 1L << 53;

  private ResultJson() {}

  static ObjectNode of(QueryResult r) {
    ObjectNode doc = CanonicalJson.mapper().createObjectNode();
    ArrayNode columns = doc.putArray("columns");
    for (int c = 0; c < r.columnNames().size(); c++) {
      ResultType t = r.columnTypes().get(c);
      String type = t.kind().name().toLowerCase(Locale.ROOT);
      if (t.kind() == ResultType.Kind.DECIMAL) {
        type += "(" + t.precision() + "," + t.scale() + ")";
      }
      columns.addObject().put("name", r.columnNames().get(c)).put("type", type);
    }
    ArrayNode rows = doc.putArray("rows");
    for (List<Object> row : r.rows()) {
      ArrayNode out = rows.addArray();
      row.forEach(v -> add(out, v));
    }
    return doc;
  }

  private static void add(ArrayNode out, Object v) {
    switch (v) {
      case null -> out.addNull();
      case Long l when Math.abs(l) <= MAX_SAFE -> out.add(l);
      case Long l -> out.add(l.toString());
      case Double d when d.isNaN() || d.isInfinite() -> out.add(d.toString());
      case Double d -> out.add(d);
      case BigDecimal b -> out.add(b.toPlainString());
      case Boolean b -> out.add(b);
      default -> out.add(v.toString());
    }
  }
}
