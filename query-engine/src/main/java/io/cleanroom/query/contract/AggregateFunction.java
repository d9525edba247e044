package io.cleanroom.query.contract;

/** An aggregate function a data owner may allow on an aggregate column. */
public enum AggregateFunction {
  /** COUNT of non-null values. */
  COUNT,
  /** COUNT(DISTINCT column). */
  COUNT_DISTINCT,
  /** SUM. */
  SUM,
  /** AVG. */
  AVG,
  /** MIN: reveals one row's value; allow only for columns where that is acceptable. */
  MIN,
  /** MAX: reveals one row's value; allow only for columns where that is acceptable. */
  MAX;

  /** Parses a contract JSON name (upper case, e.g. {@code COUNT_DISTINCT}). */
  public static AggregateFunction fromJson(String name) {
    try {
      return valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown aggregate function '" + name + "'", e);
    }
  }
}
