package io.cleanroom.query.contract;

import java.util.List;

/**
 * A parameterised query a data owner listed in a template-mode rule; {@code ?} marks parameters.
 *
 * @param id a short name, unique within the rule
 * @param sql the SQL text with {@code ?} placeholders
 * @param parameters the type of each placeholder, in order
 */
public record QueryTemplate(String id, String sql, List<ParameterType> parameters) {

  /** The SQL type a template parameter must have. */
  public enum ParameterType {
    /** A 64-bit integer. */
    BIGINT,
    /** A double. */
    DOUBLE,
    /** A string. */
    VARCHAR,
    /** A date (ISO-8601 {@code yyyy-mm-dd}). */
    DATE,
    /** A boolean. */
    BOOLEAN
  }

  public QueryTemplate {
    parameters = List.copyOf(parameters);
  }
}
