package io.cleanroom.testing.keycloak;

/**
 * Keycloak answered a token request with an error, such as a wrong password ({@code HTTP 400
 * invalid_grant}). The message names the user and the OAuth error, never the password.
 */
public final class TokenRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;

  TokenRefusedException(String username, int status, String error, String description) {
    super(
        "Keycloak refused a token for user '"
            + username
            + "': HTTP "
            + status
            + " "
            + error
            + (description.isEmpty() ? "" : " (" + description + ")"));
    this.status = status;
    this.error = error;
  }

  /** The HTTP status of the token endpoint's answer. */
  public int status() {
    return status;
  }

  /** The OAuth 2.0 error code, e.g. {@code invalid_grant}; empty if Keycloak sent none. */
  public String error() {
    return error;
  }
}
