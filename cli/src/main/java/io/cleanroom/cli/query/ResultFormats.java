package io.cleanroom.cli.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.exec.QueryResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** A query result as an aligned text table or as JSON. */
final class ResultFormats {

  private ResultFormats() {}

  static String text(QueryResult result, String format) {
    return format.equals("json") ? json(result) : table(result);
  }

  /** Columns aligned, numbers right-aligned, nulls as {@code NULL}. */
  static String table(QueryResult result) {
    int n = result.columnNames().size();
    List<String[]> cells = new ArrayList<>();
    cells.add(result.columnNames().toArray(String[]::new));
    for (List<Object> row : result.rows()) {
      String[] c = new String[n];
      for (int i = 0; i < n; i++) {
        c[i] = cell(row.get(i));
      }
      cells.add(c);
    }
    int[] width = new int[n];
    for (String[] row : cells) {
      for (int i = 0; i < n; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < cells.size(); r++) {
      for (int i = 0; i < n; i++) {
        boolean number = r > 0 && result.rows().get(r - 1).get(i) instanceof Number;
        String v = cells.get(r)[i];
        String pad = " ".repeat(width[i] - v.length());
        sb.append(i == 0 ? "" : "  ").append(number ? pad + v : v + pad);
      }
      sb.append('\n');
      if (r == 0) {
        for (int i = 0; i < n; i++) {
          sb.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  private static String cell(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Double d) {
      return String.format(java.util.Locale.ROOT, "%.4f", d);
    }
    return v.toString();
  }

  /** {@code {"columns": [{name, type}], "rows": [[...]], "suppressedGroups": n}}. */
  static String json(QueryResult result) {
    ObjectNode o = CanonicalJson.mapper().createObjectNode();
    ArrayNode cols = o.putArray("columns");
    for (int i = 0; i < result.columnNames().size(); i++) {
      cols.addObject()
          .put("name", result.columnNames().get(i))
          .put("type", result.columnTypes().get(i).toString());
    }
    ArrayNode rows = o.putArray("rows");
    for (List<Object> row : result.rows()) {
      ArrayNode r = rows.addArray();
      for (Object v : row) {
        switch (v) {
          case null -> r.addNull();
          case Long l -> r.add(l);
          case Double d -> r.add(d);
          case BigDecimal d -> r.add(d);
          case Boolean b -> r.add(b);
          default -> r.add(v.toString());
        }
      }
    }
    o.put("suppressedGroups", result.suppressedGroups());
    return o.toPrettyString() + "\n";
  }
}
