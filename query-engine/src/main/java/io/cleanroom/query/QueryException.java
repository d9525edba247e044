package io.cleanroom.query;

/**
 * The one exception of the {@code query-engine} module: every failure carries a stable {@link Code}
 * and a message that names what is wrong without echoing data values.
 *
 * <p>A query that the analysis rules refuse is not an exception: the check returns a report with
 * the reasons. This exception is for malformed input and for failures while running.
 */
public final class QueryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why an operation failed. Codes are stable; messages may change. */
  public enum Code {
    /** The contract JSON is malformed or inconsistent. */
    INVALID_CONTRACT,
    /** The SQL text cannot be parsed or validated. */
    INVALID_SQL,
    /** The query was refused by the contract's analysis rules. */
    REFUSED,
    /** A feature the engine does not support. */
    UNSUPPORTED,
    /** Input data does not match the contract's schema or is not valid Arrow. */
    INVALID_DATA,
    /** The query needed more memory than its limit. */
    MEMORY_LIMIT,
    /** The query ran longer than its time limit. */
    TIME_LIMIT,
    /** The differential-privacy budget of a data owner is spent. */
    BUDGET_EXHAUSTED,
    /** An arithmetic overflow or a value outside its type's range. */
    ARITHMETIC,
    /** A failure reading or writing files. */
    IO,
    /** A bug: a state the engine should never reach. */
    INTERNAL
  }

  private final Code code;

  public QueryException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public QueryException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The stable reason. */
  public Code code() {
    return code;
  }
}
