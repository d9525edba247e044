package io.cleanroom.crypto.log;

import io.cleanroom.crypto.CryptoException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a collaboration's log as an export file that {@link LogExportVerifier} (and {@code
 * cleanroom verify log}) checks offline.
 *
 * <p>The format, {@code cleanroom.log-export.v1}, is UTF-8 JSON Lines, every line ending in {@code
 * \n}:
 *
 * <ol>
 *   <li>the header, the canonical JSON {@code {"format":"cleanroom.log-export.v1","logId":"<log
 *       id>"}};
 *   <li>one line per entry in log order (index 0, 1, ...): the signed entry's exact canonical bytes
 *       ({@link io.cleanroom.crypto.receipt.LogEntries}), which are the Merkle tree's leaf data;
 *   <li>the signed tree head ({@link SignedTreeHead}) whose {@code size} is the number of entry
 *       lines and whose {@code logId} is the header's.
 * </ol>
 *
 * <p>Use: the constructor writes the header, {@link #entry} each entry in order, {@link #finish}
 * the head. The stream is flushed by {@link #finish} and never closed: it is the caller's. I/O
 * errors are thrown as {@link CryptoException} with code {@code IO}.
 *
 * <p><b>Security:</b> the writer refuses what would make the export unreadable (a line that is not
 * one canonical JSON object, a head for another log or another number of entries, a head whose
 * signature does not verify); it does not recompute the root nor check the entries' signatures:
 * trust comes from the verifier, never from the writer.
 */
public final class LogExportWriter {

  private final OutputStream out;
  private final String logId;
  private long entries;
  private boolean finished;

  /** Starts an export of log {@code logId} (the collaboration id): writes the header line. */
  public LogExportWriter(OutputStream out, String logId) {
    byte[] header = LogExportFormat.header(logId);
    this.out = out;
    this.logId = logId;
    write(header);
  }

  /**
   * Writes the next entry: {@code signedEntry} must be one canonical JSON object (the signed
   * entry's exact bytes, without a newline).
   *
   * @throws CryptoException {@code MALFORMED_JSON} for anything else
   */
  public void entry(byte[] signedEntry) {
    requireOpen();
    try {
      LogExportFormat.canonicalObject(signedEntry);
    } catch (CryptoException e) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_JSON,
          "log entry " + entries + " is not one canonical JSON line: " + e.getMessage());
    }
    write(signedEntry);
    entries++;
  }

  /**
   * Writes the signed tree head and flushes; nothing can be written after it.
   *
   * @throws CryptoException {@code LOG_VERIFICATION_FAILED} when the head is for another log or
   *     another number of entries; {@code RECEIPT_INVALID} or {@code MALFORMED_JSON} when it is not
   *     a signed tree head whose signature verifies
   */
  public void finish(byte[] signedTreeHead) {
    requireOpen();
    SignedTreeHead head = SignedTreeHead.verify(signedTreeHead);
    if (!head.logId().equals(logId)) {
      throw new CryptoException(
          CryptoException.Code.LOG_VERIFICATION_FAILED,
          "the tree head is for log " + head.logId() + ", the export for log " + logId);
    }
    if (head.head().size() != entries) {
      throw new CryptoException(
          CryptoException.Code.LOG_VERIFICATION_FAILED,
          "the tree head is for " + head.head().size() + " entries, " + entries + " were written");
    }
    write(signedTreeHead);
    finished = true;
    try {
      out.flush();
    } catch (IOException e) {
      throw io(e);
    }
  }

  private void requireOpen() {
    if (finished) {
      throw new IllegalStateException("the export is finished");
    }
  }

  private void write(byte[] line) {
    try {
      out.write(line);
      out.write('\n');
    } catch (IOException e) {
      throw io(e);
    }
  }

  private static CryptoException io(IOException e) {
    return new CryptoException(
        CryptoException.Code.IO, "cannot write the log export: " + e.getMessage(), e);
  }
}
