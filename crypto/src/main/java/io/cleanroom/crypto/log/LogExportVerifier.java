package io.cleanroom.crypto.log;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.log.LogVerification.Failure;
import io.cleanroom.crypto.log.LogVerification.Part;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.crypto.receipt.VerifiedReceipt;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Verifies a log export ({@link LogExportWriter} describes the format) offline: the header, every
 * entry's canonical form, kind and signature (and its key, where pinned), the recomputed Merkle
 * root against the signed tree head, the head's signature, log id and key, and optionally that the
 * log only grew since a previously seen head.
 *
 * <p>It streams: memory grows only with the Merkle tree's hashes (64 bytes per entry), never with
 * the entries' content, and stops at the first failure, which it reports with its line.
 *
 * <p><b>Security:</b> a previous head — one the auditor saw and kept earlier — is what catches a
 * log that was rewritten or forked after the fact: the export's first {@code previous.size} entries
 * must hash to the previous head's root. Without pinned keys ({@link TrustedLogKeys}) a verified
 * export proves only that it is self-consistent; the report says which signers were not pinned.
 */
public final class LogExportVerifier {

  private static final String PORTAL = LogEntries.PORTAL.signer();

  private final TrustedLogKeys trusted;
  private final MerkleTree tree = new MerkleTree();
  private final SortedMap<String, SortedMap<String, Long>> events = new TreeMap<>();
  private final SortedMap<String, SortedMap<String, Long>> signers = new TreeMap<>();
  private String logId = "";
  private long entries;
  private SignedTreeHead head;
  private SignedTreeHead previous;

  private LogExportVerifier(TrustedLogKeys trusted) {
    this.trusted = trusted;
  }

  /**
   * Verifies {@code export}, read to its end (the stream is not closed).
   *
   * @param trusted the pinned keys; {@link TrustedLogKeys#none()} pins none
   * @param previousSignedHeadOrNull a signed tree head of the same log seen earlier, or {@code
   *     null}
   * @throws CryptoException {@code IO} when the stream cannot be read (a failed verification is a
   *     result, not an exception)
   */
  public static LogVerification verify(
      InputStream export, TrustedLogKeys trusted, byte[] previousSignedHeadOrNull) {
    LogExportVerifier v = new LogExportVerifier(trusted);
    Optional<Failure> failure;
    try {
      failure = v.run(new ExportLines(export), previousSignedHeadOrNull);
    } catch (IOException e) {
      throw new CryptoException(
          CryptoException.Code.IO, "cannot read the log export: " + e.getMessage(), e);
    }
    return v.report(failure);
  }

  private Optional<Failure> run(ExportLines lines, byte[] previousHead) throws IOException {
    ExportLines.Line header = lines.next();
    if (header == null) {
      return fail(-1, Part.HEADER, "the export is empty");
    }
    Optional<Failure> bad = lineForm(header, -1, Part.HEADER);
    if (bad.isPresent()) {
      return bad;
    }
    Optional<String> id = LogExportFormat.logIdOf(header.bytes());
    if (id.isEmpty()) {
      return fail(-1, Part.HEADER, "not a " + LogExportFormat.FORMAT + " header in canonical JSON");
    }
    logId = id.get();
    for (ExportLines.Line next = lines.next(); next != null; next = lines.next()) {
      if (head != null) {
        return fail(entries + 1, Part.AFTER_HEAD, "a line follows the signed tree head");
      }
      bad = lineForm(next, entries, Part.ENTRY);
      if (bad.isEmpty()) {
        bad = line(next.bytes());
      }
      if (bad.isPresent()) {
        return bad;
      }
    }
    if (head == null) {
      return fail(
          entries, Part.TREE_HEAD, "no signed tree head at the end: the export is truncated");
    }
    return previousHead == null ? Optional.empty() : againstPrevious(previousHead);
  }

  /** The checks every line gets before its content is read. */
  private static Optional<Failure> lineForm(ExportLines.Line line, long index, Part part) {
    if (line.tooLong()) {
      return fail(index, part, "the line is longer than " + ExportLines.MAX_LINE + " bytes");
    }
    if (!line.endsInNewline()) {
      // The last line is where the head belongs, whatever is left of it.
      return fail(
          index,
          part == Part.HEADER ? part : Part.TREE_HEAD,
          "the last line does not end in a newline: the export is truncated");
    }
    byte[] b = line.bytes();
    if (b.length == 0) {
      return fail(index, part, "an empty line");
    }
    if (b[b.length - 1] == '\r') {
      return fail(index, part, "the line ends in CR LF; the export's lines end in LF only");
    }
    return Optional.empty();
  }

  /** An entry line, or the tree head. */
  private Optional<Failure> line(byte[] bytes) {
    JsonNode node;
    try {
      node = LogExportFormat.canonicalObject(bytes);
    } catch (CryptoException e) {
      return fail(entries, Part.ENTRY, e.getMessage());
    }
    if (node.has("head")) {
      return treeHead(bytes);
    }
    if (LogExportFormat.FORMAT.equals(node.path("format").textValue())) {
      return fail(entries, Part.ENTRY, "a second export header");
    }
    return entry(bytes);
  }

  private Optional<Failure> entry(byte[] bytes) {
    Optional<LogEntries> kind = LogEntries.kindOf(bytes);
    if (kind.isEmpty()) {
      return fail(entries, Part.ENTRY, "not a log entry of a known kind (enclave, broker, portal)");
    }
    String signer = kind.get().signer();
    VerifiedReceipt v;
    try {
      v = kind.get().verify(bytes);
    } catch (CryptoException e) {
      return fail(entries, Part.ENTRY, e.getMessage());
    }
    if (!trusted.accepts(signer, v.signingKey())) {
      return fail(
          entries,
          Part.ENTRY,
          "signed by "
              + TrustedLogKeys.encode(v.signingKey())
              + ", which is not a trusted "
              + signer
              + " key");
    }
    JsonNode event = v.receipt().get("event");
    count(events, signer, event != null && event.isTextual() ? event.textValue() : "(no event)");
    count(signers, signer, TrustedLogKeys.encode(v.signingKey()));
    tree.appendLeafHash(MerkleHashes.leafHash(bytes));
    entries++;
    return Optional.empty();
  }

  private Optional<Failure> treeHead(byte[] bytes) {
    SignedTreeHead h;
    try {
      h = SignedTreeHead.verify(bytes);
    } catch (CryptoException e) {
      return fail(entries, Part.TREE_HEAD, e.getMessage());
    }
    if (!h.logId().equals(logId)) {
      return fail(
          entries, Part.TREE_HEAD, "the tree head is for log " + h.logId() + ", not " + logId);
    }
    if (!trusted.accepts(PORTAL, h.signingKey())) {
      return fail(
          entries,
          Part.TREE_HEAD,
          "the tree head is signed by "
              + TrustedLogKeys.encode(h.signingKey())
              + ", which is not a trusted portal key");
    }
    if (h.head().size() != entries) {
      return fail(
          entries,
          Part.TREE_HEAD,
          "the tree head is for " + h.head().size() + " entries, the export has " + entries);
    }
    if (!MessageDigest.isEqual(tree.rootHash(), h.head().rootHash())) {
      return fail(
          entries,
          Part.TREE_HEAD,
          "the entries do not hash to the tree head's root:"
              + " an entry was changed, added, removed or reordered");
    }
    head = h;
    return Optional.empty();
  }

  private Optional<Failure> againstPrevious(byte[] bytes) {
    SignedTreeHead p;
    try {
      p = SignedTreeHead.verify(bytes);
    } catch (CryptoException e) {
      return fail(entries, Part.TREE_HEAD, "the previous head: " + e.getMessage());
    }
    if (!p.logId().equals(logId)) {
      return fail(
          entries, Part.TREE_HEAD, "the previous head is for log " + p.logId() + ", not " + logId);
    }
    if (!trusted.accepts(PORTAL, p.signingKey())) {
      return fail(
          entries,
          Part.TREE_HEAD,
          "the previous head is signed by "
              + TrustedLogKeys.encode(p.signingKey())
              + ", which is not a trusted portal key");
    }
    long size = p.head().size();
    if (size > entries) {
      return fail(
          entries,
          Part.TREE_HEAD,
          "not consistent with the previous head: it has "
              + size
              + " entries, this export only "
              + entries
              + " (the log shrank or is another log)");
    }
    if (!MessageDigest.isEqual(tree.rootHash(size), p.head().rootHash())) {
      return fail(
          entries,
          Part.TREE_HEAD,
          "not consistent with the previous head: the first "
              + size
              + " entries do not hash to its root (a fork or a rewritten history)");
    }
    previous = p;
    return Optional.empty();
  }

  private LogVerification report(Optional<Failure> failure) {
    SortedMap<String, Boolean> pinned = new TreeMap<>();
    TrustedLogKeys.SIGNERS.forEach(s -> pinned.put(s, trusted.pinned(s)));
    return new LogVerification(
        failure.isEmpty(),
        logId,
        entries,
        events,
        signers,
        pinned,
        Optional.ofNullable(head),
        Optional.ofNullable(previous),
        Digests.hex(tree.rootHash()),
        failure);
  }

  private static void count(
      SortedMap<String, SortedMap<String, Long>> counts, String kind, String what) {
    counts.computeIfAbsent(kind, k -> new TreeMap<>()).merge(what, 1L, Long::sum);
  }

  private static Optional<Failure> fail(long index, Part part, String reason) {
    return Optional.of(new Failure(index, part, reason));
  }
}
