package io.cleanroom.crypto.receipt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import java.security.MessageDigest;

/**
 * Signs the enclave's log entries (a run started, finished, failed) and verifies them offline.
 *
 * <p>A signed entry is the canonical JSON of {@code {"entry": {"format":
 * "cleanroom.enclave-log-entry.v1", "signingKey": ..., "event": ..., ...}, "signature": ...}},
 * signed like a receipt ({@link Receipts}) by the same enclave key, which the enclave's evidence
 * binds. The entries become leaves of the collaboration's log; their own {@code format} keeps a
 * signed entry from passing as a receipt and the other way round.
 */
public final class LogEntries {

  /** The value of the {@code format} member. */
  public static final String FORMAT = "cleanroom.enclave-log-entry.v1";

  private static final SignedEnvelope ENVELOPE = new SignedEnvelope("entry", FORMAT, "log entry");

  private LogEntries() {}

  /** Signs {@code body} (copied; {@code format} and {@code signingKey} are added). */
  public static byte[] sign(ObjectNode body, ReceiptSigningKey key) {
    return ENVELOPE.sign(body, key);
  }

  /**
   * Verifies a signed entry by {@code expectedKey}: canonical bytes, the format, the signature.
   *
   * @return the verified entry (its {@code entry} member) and key
   * @throws CryptoException {@code RECEIPT_INVALID} for anything else
   */
  public static VerifiedReceipt verify(byte[] signedEntry, byte[] expectedKey) {
    VerifiedReceipt e = ENVELOPE.verify(signedEntry);
    if (!MessageDigest.isEqual(e.signingKey(), expectedKey)) {
      throw new CryptoException(
          CryptoException.Code.RECEIPT_INVALID, "the log entry is signed by another key");
    }
    return e;
  }
}
