package io.cleanroom.query.check;

/** Why the check refuses a query. Codes are stable; the portal and tests rely on them. */
public enum RefusalCode {
  /** The SQL cannot be parsed or validated. */
  INVALID_SQL,
  /** The query reads no dataset of the contract. */
  NO_DATASET,
  /** A column without any role in the analysis rule is read. */
  UNREADABLE_COLUMN,
  /** Rows of a dataset reach the output without being aggregated. */
  NOT_AGGREGATED,
  /** More than one aggregation over dataset rows (differencing inside one query). */
  MULTIPLE_AGGREGATIONS,
  /** Dataset rows are combined with aggregated results. */
  ROWS_COMBINED_WITH_RESULTS,
  /** A dataset is read more than once (self-joins, set operations over one dataset). */
  DATASET_READ_TWICE,
  /** A GROUP BY key depends on a column that is not a dimension. */
  GROUP_KEY_NOT_DIMENSION,
  /** A filter depends on a column that is not a dimension. */
  FILTER_NOT_DIMENSION,
  /** A join compares columns that are not join columns, or compares them transformed. */
  JOIN_KEY_NOT_JOIN_COLUMN,
  /** A join without an equality between join columns (cross or theta join). */
  JOIN_NOT_EQUI,
  /** A join type the rules do not allow (anti-joins). */
  JOIN_TYPE_NOT_ALLOWED,
  /** An aggregate function the rule does not allow on that column. */
  AGGREGATE_NOT_ALLOWED,
  /** An aggregate's argument is an expression, not a column. */
  AGGREGATE_ARGUMENT_NOT_COLUMN,
  /** An aggregate with a FILTER clause (conditional aggregation isolates rows). */
  AGGREGATE_FILTER,
  /** A window function over dataset rows. */
  WINDOW_OVER_ROWS,
  /** ORDER BY, LIMIT or OFFSET applied to dataset rows before aggregation. */
  ORDER_OR_LIMIT_BEFORE_AGGREGATION,
  /** DISTINCT, INTERSECT or EXCEPT over columns that are not dimensions. */
  SET_OPERATION_NOT_DIMENSION,
  /** GROUPING SETS, ROLLUP or CUBE. */
  GROUPING_SETS,
  /** An output column depends on a column the owner disallowed in outputs. */
  DISALLOWED_OUTPUT_COLUMN,
  /** A dataset in template mode is read by a query that is not one of its templates. */
  TEMPLATE_REQUIRED,
  /** The parameters do not match the query's placeholders or the template's types. */
  PARAMETERS_MISMATCH,
  /** The threshold cannot be enforced: a dataset's identity does not reach the aggregation. */
  THRESHOLD_UNENFORCEABLE,
  /** An aggregate differential privacy cannot compute. */
  DP_UNSUPPORTED,
  /** An operator or expression the check does not understand (deny by default). */
  UNSUPPORTED
}
