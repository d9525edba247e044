package io.cleanroom.broker.api;

/**
 * The stable error codes of the key broker's API. A refused call answers with its HTTP status and
 * {@code {"error": CODE}} only; the reason goes to the release log (docs/protocol.md).
 */
public enum ErrorCode {
  /** No or an invalid bearer token. */
  UNAUTHENTICATED(401),
  /** The caller's token lacks the role this call needs. */
  ROLE_REQUIRED(403),
  /** The caller's token carries no organization, or the organization has no say here. */
  NOT_A_PARTY(403),
  /** The request body is malformed. */
  MALFORMED_REQUEST(400),
  /** The contract is not valid (the detail says why: it is the caller's own document). */
  CONTRACT_INVALID(400),
  /** No such contract at this broker. */
  CONTRACT_UNKNOWN(404),
  /** No such dataset in the contract, or no key deposited for it. */
  DATASET_UNKNOWN(404),
  /** The release session does not exist. */
  SESSION_UNKNOWN(401),
  /** The release session's nonce has expired. */
  SESSION_EXPIRED(401),
  /** The session's nonce was already answered. */
  NONCE_REPLAYED(401),
  /** The runtime data does not carry the session's nonce. */
  NONCE_MISMATCH(401),
  /** The evidence is for another TEE type than the session's. */
  TEE_MISMATCH(401),
  /** The evidence's REPORT_DATA is not SHA-512 of the runtime data. */
  BINDING_MISMATCH(403),
  /**
   * The evidence comes from the simulated TEE, which this broker or the contract does not trust.
   */
  SIMULATION_NOT_TRUSTED(403),
  /** The evidence did not verify, or its claims do not meet the contract's reference values. */
  ATTESTATION_REFUSED(403),
  /** A dataset's owner has not approved the contract. */
  CONTRACT_NOT_APPROVED(403),
  /** A dataset's owner has not approved (or has rejected) the query fingerprint. */
  QUERY_NOT_APPROVED(403),
  /**
   * An owner of a differentially private dataset has less of its privacy budget left than the
   * query's epsilon: nothing is released or charged.
   */
  BUDGET_EXHAUSTED(403);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  /** The HTTP status answered with this code. */
  public int status() {
    return status;
  }
}
