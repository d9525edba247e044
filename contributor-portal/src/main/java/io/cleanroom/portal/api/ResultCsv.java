package io.cleanroom.portal.api;

import com.fasterxml.jackson.databind.JsonNode;

/** A result {@code {columns, rows}} as RFC 4180 CSV: a header row, CRLF line ends, nulls empty. */
final class ResultCsv {

  private ResultCsv() {}

  static String of(JsonNode result) {
    StringBuilder out = new StringBuilder();
    boolean first = true;
    for (JsonNode c : result.path("columns")) {
      out.append(first ? "" : ",").append(field(c.path("name").asText()));
      first = false;
    }
    out.append("\r\n");
    for (JsonNode row : result.path("rows")) {
      first = true;
      for (JsonNode v : row) {
        out.append(first ? "" : ",").append(v.isNull() ? "" : field(v.asText()));
        first = false;
      }
      out.append("\r\n");
    }
    return out.toString();
  }

  private static String field(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
