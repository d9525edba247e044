package io.cleanroom.query.contract;

import java.util.Locale;

/**
 * What a column may be used for in a query, as a data owner declares it in the analysis rule.
 *
 * <p>A column without any role cannot be read at all.
 */
public enum ColumnRole {
  /** Usable only in equi-join conditions with another dataset's join column; never output. */
  JOIN,
  /** Usable in GROUP BY, filters and outputs. */
  DIMENSION,
  /** Usable only as the argument of the aggregate functions the rule lists for it. */
  AGGREGATE,
  /** The privacy unit (a person): thresholds count distinct values of it; never output. */
  IDENTITY;

  /** The lower-case name used in contract JSON. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a contract JSON name. */
  public static ColumnRole fromJson(String name) {
    for (ColumnRole r : values()) {
      if (r.jsonName().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown column role '" + name + "'");
  }
}
