package io.cleanroom.enclave.run;

/**
 * The one exception of the enclave service: a stable {@link Code} (mapped to a problem type and
 * HTTP status by the REST layer) and a message that never holds a data value, key or token.
 */
public final class EnclaveException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a request or a run failed. Codes are stable; messages may change. */
  public enum Code {
    /** The request does not parse or misses members. */
    MALFORMED_REQUEST(400),
    /** The contract does not parse or is invalid. */
    CONTRACT_INVALID(400),
    /** The contract's analysis rules refuse the query. */
    QUERY_REFUSED(422),
    /** The fingerprint the caller gave is not the one the enclave computes. */
    FINGERPRINT_MISMATCH(422),
    /** A dataset cannot be read: path outside the allowed roots, missing, unreachable. */
    DATASET_UNAVAILABLE(422),
    /** A sealed input's digest is not the one the contract names (or the contract names none). */
    DIGEST_MISMATCH(422),
    /** A key broker refused to release a key. */
    KEY_RELEASE_REFUSED(403),
    /** A key broker could not be reached or answered badly. */
    KEY_BROKER_FAILED(502),
    /** A sealed input does not decrypt or does not match the contract's schema. */
    DATA_INVALID(422),
    /** The run took longer than its time limit. */
    TIME_LIMIT(408),
    /** The query needed more memory than its limit. */
    MEMORY_LIMIT(422),
    /** A data owner's differential-privacy budget is spent. */
    BUDGET_EXHAUSTED(422),
    /** The run was cancelled. */
    CANCELLED(409),
    /** No such run. */
    RUN_UNKNOWN(404),
    /** No TEE to collect evidence from. */
    NO_TEE(503),
    /** A bug. */
    INTERNAL(500);

    private final int status;

    Code(int status) {
      this.status = status;
    }

    /** The HTTP status of a request that fails with this code. */
    public int status() {
      return status;
    }
  }

  private final Code code;

  public EnclaveException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public EnclaveException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The stable reason. */
  public Code code() {
    return code;
  }
}
