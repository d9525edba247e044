package io.cleanroom.bench;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Compares result rows of two engines, ignoring row order and tiny floating-point differences. */
final class Results {

  private Results() {}

  static boolean sameRows(List<List<Object>> a, List<List<Object>> b) {
    if (a.size() != b.size()) {
      return false;
    }
    List<List<Object>> x = sorted(a);
    List<List<Object>> y = sorted(b);
    for (int i = 0; i < x.size(); i++) {
      List<Object> r = x.get(i);
      List<Object> s = y.get(i);
      if (r.size() != s.size()) {
        return false;
      }
      for (int c = 0; c < r.size(); c++) {
        if (!same(r.get(c), s.get(c))) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(r -> r.stream().map(Results::key).toList().toString()));
    return copy;
  }

  private static String key(Object v) {
    if (v instanceof Number n && !(v instanceof BigDecimal && ((BigDecimal) v).scale() == 0)) {
      return String.format(java.util.Locale.ROOT, "%.3f", n.doubleValue());
    }
    return String.valueOf(v instanceof java.sql.Date d ? d.toLocalDate() : v);
  }

  private static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number x && b instanceof Number y) {
      double p = x.doubleValue();
      double q = y.doubleValue();
      return Math.abs(p - q) <= 1e-6 * Math.max(1, Math.max(Math.abs(p), Math.abs(q)));
    }
    if (b instanceof java.sql.Date d) {
      b = d.toLocalDate();
    }
    if (a instanceof LocalDate && b instanceof LocalDate) {
      return a.equals(b);
    }
    return a.toString().equals(b.toString());
  }
}
