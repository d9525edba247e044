package io.cleanroom.crypto.log;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@link LogExportVerifier} found in a log export: whether it verified, what the log holds
 * (entries, events and signers per kind), the final tree head, and otherwise the first failure.
 *
 * <p>Everything but {@code verified} describes the export as far as it was read: verification stops
 * at the first failure, so a failed report counts only the entries before it.
 *
 * @param verified whether every check passed
 * @param logId the log (collaboration) id from the header; empty when the header did not verify
 * @param entries the number of entries that verified
 * @param eventsByKind per signer ({@code enclave}, {@code broker}, {@code portal}): each {@code
 *     event} member's value and how many entries have it
 * @param signersByKind per signer: each signing key (unpadded base64url) and how many entries it
 *     signed
 * @param pinned per signer: whether its keys were pinned ({@link TrustedLogKeys})
 * @param head the export's signed tree head, once it verified
 * @param previousHead the previous head the export was checked against, once it verified
 * @param computedRoot the root hash (hex) of the entries that verified, recomputed
 * @param failure the first failure, when {@code verified} is false
 */
public record LogVerification(
    boolean verified,
    String logId,
    long entries,
    SortedMap<String, SortedMap<String, Long>> eventsByKind,
    SortedMap<String, SortedMap<String, Long>> signersByKind,
    SortedMap<String, Boolean> pinned,
    Optional<SignedTreeHead> head,
    Optional<SignedTreeHead> previousHead,
    String computedRoot,
    Optional<Failure> failure) {

  /** Copies the maps (unmodifiable). */
  public LogVerification {
    eventsByKind = deepCopy(eventsByKind);
    signersByKind = deepCopy(signersByKind);
    pinned = Collections.unmodifiableSortedMap(new TreeMap<>(pinned));
  }

  /** Which line of the export a failure is on. */
  public enum Part {
    /** The header (line 1, index -1). */
    HEADER,
    /** An entry line, or the line where an entry or the head was expected (index = its index). */
    ENTRY,
    /**
     * The signed tree head (index = the number of entries), its absence, or a last line cut short
     * (where the head belongs).
     */
    TREE_HEAD,
    /** A line after the tree head (index = the number of entries + 1). */
    AFTER_HEAD
  }

  /**
   * The first failure.
   *
   * @param index the entry's index (from 0); -1 for the header; the number of entries for the tree
   *     head line (and for checks against the previous head, which are made there)
   * @param part which kind of line it is on
   * @param reason what is wrong, in plain words
   */
  public record Failure(long index, Part part, String reason) {

    /** The 1-based line number in the export (the header is line 1). */
    public long line() {
      return index + 2;
    }
  }

  private static SortedMap<String, SortedMap<String, Long>> deepCopy(
      Map<String, ? extends Map<String, Long>> in) {
    SortedMap<String, SortedMap<String, Long>> out = new TreeMap<>();
    in.forEach((k, v) -> out.put(k, Collections.unmodifiableSortedMap(new TreeMap<>(v))));
    return Collections.unmodifiableSortedMap(out);
  }
}
