package io.cleanroom.cli;

/** A refusal caused by the user's input; its message is printed as the one line on stderr. */
public final class UserError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
