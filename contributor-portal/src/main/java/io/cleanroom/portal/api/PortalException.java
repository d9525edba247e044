package io.cleanroom.portal.api;

/**
 * A refusal with a stable code; the reason is shown only for the caller's own input errors ({@link
 * ErrorMapper}).
 */
public final class PortalException extends RuntimeException {

  private final ErrorCode code;

  public PortalException(ErrorCode code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  /** The stable code. */
  public ErrorCode code() {
    return code;
  }

  /** The reason, for the log or (input errors only) the answer. */
  public String reason() {
    return getMessage();
  }
}
