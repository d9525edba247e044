package io.cleanroom.portal.api;

/** The portal's stable error codes and their HTTP statuses (docs/portal.md#errors). */
public enum ErrorCode {
  /** No or an invalid bearer token. */
  UNAUTHENTICATED(401),
  /** The caller lacks the realm role the action needs. */
  ROLE_REQUIRED(403),
  /** The caller's organization may not do this in this collaboration. */
  NOT_A_PARTY(403),
  /** No such collaboration, contract or entry — or the caller may not know of it. */
  NOT_FOUND(404),
  /** A request that does not parse or bind. */
  MALFORMED_REQUEST(400),
  /** A contract that does not parse, or does not fit its collaboration. */
  CONTRACT_INVALID(400),
  /** An upload that is not a sealed dataset, or not this one of this owner and collaboration. */
  DATASET_INVALID(400),
  /** A resumable upload's chunk sent at another offset than the upload's (body names it). */
  OFFSET_MISMATCH(409),
  /** A chunk larger than the largest chunk, or an upload larger than its size or the limit. */
  UPLOAD_TOO_LARGE(413),
  /** An index or size outside the log. */
  OUT_OF_RANGE(400),
  /** The thing exists already. */
  CONFLICT(409),
  /** The query was refused by the check, so it cannot run. */
  QUERY_NOT_RUNNABLE(409),
  /** The caller's organization is not among the contract's result recipients. */
  NOT_A_RECIPIENT(403),
  /** The owner's key broker refused the relayed decision; {@code detail} gives its code. */
  BROKER_REFUSED(502),
  /** A key broker or the enclave the portal needs is not configured or does not answer. */
  SERVICE_UNAVAILABLE(503),
  /** A signed entry that does not verify, or comes from a key the portal does not trust. */
  ENTRY_REFUSED(400),
  /**
   * The stored log no longer matches the tree heads the portal signed: a row was edited or deleted
   * behind its back. The log is not served until an operator restores it.
   */
  LOG_INTEGRITY(500);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }
}
