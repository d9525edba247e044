package io.cleanroom.crypto.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Signs the entries of a collaboration's log and verifies them offline, one kind per signer: the
 * enclave (a run started, finished, failed), the key broker (an approval, a key released or
 * refused) and the portal (a contract or query proposed, a result downloaded).
 *
 * <p>A signed entry is the canonical JSON of {@code {"entry": {"format": "<signer's format>",
 * "signingKey": ..., "event": ..., ...}, "signature": ...}}, signed like a receipt ({@link
 * Receipts}). Each signer has its own {@code format}, so an entry signed as one signer never passes
 * as another's, nor as a receipt, nor the other way round. Its exact bytes are the leaf of the
 * collaboration's Merkle tree ({@link io.cleanroom.crypto.log.MerkleTree}).
 */
public final class LogEntries {

  /** Entries the enclave signs with the key its evidence binds. */
  public static final LogEntries ENCLAVE = new LogEntries("enclave");

  /** Entries a key broker signs with its log key. */
  public static final LogEntries BROKER = new LogEntries("broker");

  /** Entries the portal signs with its log key. */
  public static final LogEntries PORTAL = new LogEntries("portal");

  private static final List<LogEntries> ALL = List.of(ENCLAVE, BROKER, PORTAL);

  private final String signer;
  private final String format;
  private final SignedEnvelope envelope;

  private LogEntries(String signer) {
    this.signer = signer;
    this.format = "cleanroom." + signer + "-log-entry.v1";
    this.envelope = new SignedEnvelope("entry", format, signer + " log entry");
  }

  /** Who signs these entries: {@code enclave}, {@code broker} or {@code portal}. */
  public String signer() {
    return signer;
  }

  /** The value of the {@code format} member, {@code cleanroom.<signer>-log-entry.v1}. */
  public String format() {
    return format;
  }

  /** Signs {@code body} (copied; {@code format} and {@code signingKey} are added). */
  public byte[] sign(ObjectNode body, ReceiptSigningKey key) {
    return envelope.sign(body, key);
  }

  /**
   * Verifies a signed entry by {@code expectedKey}: canonical bytes, the format, the signature.
   *
   * @return the verified entry (its {@code entry} member) and key
   * @throws CryptoException {@code RECEIPT_INVALID} for anything else
   */
  public VerifiedReceipt verify(byte[] signedEntry, byte[] expectedKey) {
    VerifiedReceipt e = verify(signedEntry);
    if (!MessageDigest.isEqual(e.signingKey(), expectedKey)) {
      throw new CryptoException(
          CryptoException.Code.RECEIPT_INVALID, "the log entry is signed by another key");
    }
    return e;
  }

  /**
   * Verifies a signed entry by the key it names; whether that key is trusted is the caller's
   * question.
   */
  public VerifiedReceipt verify(byte[] signedEntry) {
    return envelope.verify(signedEntry);
  }

  /**
   * The kind of a signed entry, by its {@code format}, before any signature is checked; empty when
   * it is not a log entry of a known kind.
   */
  public static Optional<LogEntries> kindOf(byte[] signedEntry) {
    JsonNode doc;
    try {
      doc = CanonicalJson.parse(signedEntry);
    } catch (CryptoException e) {
      return Optional.empty();
    }
    String f = doc.path("entry").path("format").textValue();
    return ALL.stream().filter(k -> k.format.equals(f)).findFirst();
  }

  @Override
  public String toString() {
    return format;
  }
}
