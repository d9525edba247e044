package io.cleanroom.broker.api;

/**
 * A refusal: a stable {@link ErrorCode} for the caller and a reason for the release log.
 *
 * <p><b>Security:</b> the reason is never sent to the caller (except for {@link
 * ErrorCode#MALFORMED_REQUEST} and {@link ErrorCode#CONTRACT_INVALID}, which describe the caller's
 * own input); it must not contain key material or tokens.
 */
public final class BrokerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public BrokerException(ErrorCode code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /** The reason, for the log. */
  public String reason() {
    return getMessage();
  }
}
