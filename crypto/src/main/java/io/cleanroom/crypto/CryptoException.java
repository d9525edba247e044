package io.cleanroom.crypto;

/**
 * The one exception of the {@code crypto} module: every refusal carries a stable {@link Code} and a
 * message that names what is wrong without echoing secret or plaintext values.
 */
public final class CryptoException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why an operation was refused. Codes are stable; messages may change. */
  public enum Code {
    /** JSON that cannot be parsed, has duplicate names, or has no canonical form. */
    MALFORMED_JSON,
    /** The bytes do not start with the sealed dataset magic. */
    NOT_A_SEALED_DATASET,
    /** A format version this reader does not know. */
    UNSUPPORTED_VERSION,
    /** The header is structurally invalid (missing fields, inconsistent layout). */
    MALFORMED_HEADER,
    /** The key's id is not the one the header names. */
    WRONG_KEY,
    /** The header's authentication tag does not verify under the key. */
    HEADER_AUTHENTICATION_FAILED,
    /** A column stream failed to decrypt: tampered, reordered, truncated or swapped. */
    COLUMN_AUTHENTICATION_FAILED,
    /** The file is shorter or longer than its header says. */
    LENGTH_MISMATCH,
    /** Decrypted content disagrees with the header (rows, batches, schema). */
    LAYOUT_MISMATCH,
    /** A requested column is not in the dataset. */
    UNKNOWN_COLUMN,
    /** Input data that is not valid Arrow, or does not match the declared schema. */
    INVALID_DATA,
    /** A key file that cannot be read. */
    MALFORMED_KEY,
    /** A verifiable-log proof or tree head that does not verify. */
    LOG_VERIFICATION_FAILED,
    /** An HPKE-sealed key that does not open: tampered, truncated, wrong recipient or binding. */
    HPKE_OPEN_FAILED,
    /** A signed receipt that is malformed, not canonical, or whose signature does not verify. */
    RECEIPT_INVALID,
    /** An I/O failure. */
    IO
  }

  private final Code code;

  public CryptoException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public CryptoException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The stable reason. */
  public Code code() {
    return code;
  }
}
