package io.cleanroom.attestation;

/**
 * The one exception of the {@code attestation} module: every refusal carries a stable {@link Code}
 * and a message that names what is wrong.
 *
 * <p>Parsers of untrusted bytes (reports, quotes, certificates, collateral, containers) throw only
 * this type, whatever the input; the verifiers turn it into a failed check instead of throwing.
 */
public final class AttestationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why an operation was refused. Codes are stable; messages may change. */
  public enum Code {
    /** Evidence bytes that do not parse as the format they claim to be. */
    MALFORMED_EVIDENCE,
    /** A TEE type this module does not verify. */
    UNSUPPORTED_TEE,
    /** A report or quote version this module does not know. */
    UNSUPPORTED_VERSION,
    /** A certificate or CRL that cannot be parsed. */
    MALFORMED_CERTIFICATE,
    /** Collateral (TCB info, QE identity, CRLs) that cannot be parsed. */
    MALFORMED_COLLATERAL,
    /** An appraisal policy or reference-value file that cannot be parsed. */
    MALFORMED_POLICY,
    /** A needed certificate could not be found in the evidence, the cache or the network. */
    MISSING_CERTIFICATE,
    /** Fetching from a vendor service was needed but the network is not allowed. */
    NETWORK_DISABLED,
    /** No collector can produce evidence on this machine. */
    COLLECTOR_UNAVAILABLE,
    /** The simulated TEE was asked for something it cannot produce. */
    SIMULATOR,
    /** A key broker refused a key release (its error code is in the message). */
    RELEASE_REFUSED,
    /** A key broker could not be reached or did not answer in time. */
    BROKER_UNREACHABLE,
    /** A key broker's release answer is malformed, or its keys do not open or are not the asked. */
    RELEASE_INVALID,
    /** A result receipt whose signature, evidence or key binding does not verify. */
    RECEIPT_REFUSED,
    /** An I/O failure. */
    IO
  }

  private final Code code;

  public AttestationException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public AttestationException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The stable reason. */
  public Code code() {
    return code;
  }
}
