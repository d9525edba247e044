package io.cleanroom.cli.broker;

/**
 * A refusal answered by a key broker ({@code {"error": CODE}}) or by Keycloak ({@code {"error":
 * "invalid_grant"}}): the HTTP status, the stable error code and, for the caller's own input, the
 * detail the server chose to give. Its message is the one line the CLI prints.
 */
public final class BrokerRefusal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String server;
  private final int status;
  private final String code;

  BrokerRefusal(String server, int status, String code, String detail) {
    super(
        server
            + " refused: "
            + code
            + " (HTTP "
            + status
            + ")"
            + (detail == null || detail.isBlank() ? "" : ": " + detail));
    this.server = server;
    this.status = status;
    this.code = code;
  }

  /** Who refused: "the key broker" or "Keycloak". */
  public String server() {
    return server;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The stable error code, e.g. {@code QUERY_NOT_APPROVED}; {@code HTTP_<status>} if none. */
  public String code() {
    return code;
  }
}
