package io.cleanroom.portal.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A result {@code {columns, rows}} as RFC 4180 CSV: a header row, CRLF line ends, nulls empty.
 *
 * <p><b>Security:</b> dimension values come from the owners' data and column names from the
 * analyst: a text that a spreadsheet would run as a formula (starting with {@code = + - @}, a tab
 * or a carriage return) and is not a number gets a leading {@code '} (OWASP's CSV injection
 * advice).
 */
final class ResultCsv {

  private ResultCsv() {}

  static String of(JsonNode result) {
    StringBuilder out = new StringBuilder();
    boolean first = true;
    for (JsonNode c : result.path("columns")) {
      out.append(first ? "" : ",").append(field(inert(c.path("name").asText())));
      first = false;
    }
    out.append("\r\n");
    for (JsonNode row : result.path("rows")) {
      first = true;
      for (JsonNode v : row) {
        out.append(first ? "" : ",")
            .append(v.isNull() ? "" : field(v.isTextual() ? inert(v.asText()) : v.asText()));
        first = false;
      }
      out.append("\r\n");
    }
    return out.toString();
  }

  static String inert(String s) {
    if (s.isEmpty() || "=+-@\t\r".indexOf(s.charAt(0)) < 0) {
      return s;
    }
    try {
      new java.math.BigDecimal(s);
      return s; // a number such as -12.50, as decimals are written
    } catch (NumberFormatException e) {
      return "'" + s;
    }
  }

  private static String field(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
