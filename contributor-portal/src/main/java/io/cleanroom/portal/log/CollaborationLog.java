package io.cleanroom.portal.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.log.MerkleHashes;
import io.cleanroom.crypto.log.MerkleTree;
import io.cleanroom.crypto.log.SignedTreeHead;
import io.cleanroom.crypto.log.TreeHead;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.portal.api.ErrorCode;
import io.cleanroom.portal.api.PortalException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The collaborations' verifiable logs (docs/audit.md): one RFC 9162 Merkle tree per collaboration
 * whose leaves are signed entries — the portal's own, the key brokers' and the enclave's — stored
 * in {@code log_entries}, with the tree heads the portal signs in {@code tree_heads}.
 *
 * <p>Appending happens inside the caller's transaction (the entry commits with what it records, or
 * not at all); the tree in memory grows only when that transaction commits. One transaction at a
 * time appends to a collaboration's log, so leaf indices have no gaps. The portal is one process
 * per database; a second one writing the same log fails on the primary key instead of forking it.
 *
 * <p><b>Security:</b> rows are only ever inserted. When a log is loaded (at first use, or by {@link
 * #check}) it is recomputed from the rows and compared with every tree head the portal signed; an
 * edited, deleted or inserted row makes the log refuse service with {@code LOG_INTEGRITY} until an
 * operator restores it — and every exported copy fails {@code cleanroom verify log}.
 */
@ApplicationScoped
public class CollaborationLog {

  private static final int PAGE = 1000;

  @Inject LogKey logKey;
  @Inject TransactionSynchronizationRegistry transactions;

  private final ConcurrentMap<String, LoadedLog> logs = new ConcurrentHashMap<>();

  /** A log in memory: its tree, its append permit and whether it failed its check. */
  private static final class LoadedLog {
    final MerkleTree tree = new MerkleTree();
    final Semaphore permit = new Semaphore(1);
    volatile String broken;
  }

  /** One transaction's appends to one log, applied to the tree when it commits. */
  private static final class Pending {
    final List<byte[]> leafHashes = new ArrayList<>();
  }

  /**
   * Signs {@code body} as a portal entry (adding {@code collaborationId} and {@code time}) and
   * appends it in the current transaction.
   *
   * @return the entry's leaf index
   */
  @Transactional
  public long appendPortalEntry(String collaborationId, ObjectNode body) {
    ObjectNode e = body.deepCopy();
    e.put("collaborationId", collaborationId);
    e.put("time", Instant.now().toString());
    byte[] signed = LogEntries.PORTAL.sign(e, logKey.key());
    return append(collaborationId, signed, "portal:" + java.util.UUID.randomUUID());
  }

  /**
   * Appends a signed entry in the current transaction, unless one from the same {@code source} is
   * there already (then its index is answered). The signature is checked against the key the entry
   * names; whether that key is trusted is the caller's decision (a broker's pinned key, the
   * enclave's attested key).
   */
  @Transactional
  public long append(String collaborationId, byte[] signedEntry, String source) {
    LogEntries kind =
        LogEntries.kindOf(signedEntry)
            .orElseThrow(() -> new PortalException(ErrorCode.ENTRY_REFUSED, "not a log entry"));
    JsonNode entry;
    try {
      entry = kind.verify(signedEntry).receipt();
    } catch (CryptoException e) {
      throw new PortalException(ErrorCode.ENTRY_REFUSED, e.getMessage());
    }
    String event = entry.path("event").textValue();
    if (event == null || event.isEmpty() || event.length() > 64) {
      throw new PortalException(ErrorCode.ENTRY_REFUSED, "the entry names no event");
    }
    LoadedLog log = load(collaborationId);
    Pending pending = pending(collaborationId, log);
    Optional<LogEntryRecord> existing =
        LogEntryRecord.<LogEntryRecord>find(
                "collaborationId = ?1 and source = ?2", collaborationId, source)
            .firstResultOptional();
    if (existing.isPresent()) {
      return existing.get().leafIndex;
    }
    LogEntryRecord r = new LogEntryRecord();
    r.collaborationId = collaborationId;
    r.leafIndex = log.tree.size() + pending.leafHashes.size();
    r.entry = signedEntry.clone();
    r.signer = kind.signer();
    r.event = event;
    r.source = source;
    r.appendedAt = Instant.now();
    r.persist();
    pending.leafHashes.add(MerkleHashes.leafHash(signedEntry));
    return r.leafIndex;
  }

  /** The log's size as committed. */
  public long size(String collaborationId) {
    return load(collaborationId).tree.size();
  }

  /**
   * A signed head of the log as it is now: the one signed last when the log has not grown since,
   * else a new one, kept in {@code tree_heads}.
   */
  @Transactional
  public byte[] head(String collaborationId) {
    LoadedLog log = load(collaborationId);
    acquire(log);
    try {
      long size = log.tree.size();
      TreeHeadRecord latest =
          TreeHeadRecord.findById(new TreeHeadRecord.Key(collaborationId, size));
      if (latest != null) {
        return latest.signedHead.clone();
      }
      TreeHead head = log.tree.head(Instant.now());
      TreeHeadRecord r = new TreeHeadRecord();
      r.collaborationId = collaborationId;
      r.treeSize = size;
      r.signedHead = SignedTreeHead.sign(collaborationId, head, logKey.key());
      r.persist();
      return r.signedHead.clone();
    } finally {
      log.permit.release();
    }
  }

  /** The signed entries with indices {@code [start, end)}, at most 1000. */
  @Transactional
  public List<byte[]> entries(String collaborationId, long start, long end) {
    long size = load(collaborationId).tree.size();
    if (start < 0 || end < start || end > size || end - start > PAGE) {
      throw new PortalException(
          ErrorCode.OUT_OF_RANGE,
          "entries [start, end) within [0, " + size + "], at most " + PAGE + " at a time");
    }
    return page(collaborationId, start, end);
  }

  /** The inclusion proof of leaf {@code index} in the tree of {@code size} leaves. */
  public List<byte[]> inclusionProof(String collaborationId, long index, long size) {
    MerkleTree tree = load(collaborationId).tree;
    if (index < 0 || size <= index || size > tree.size()) {
      throw new PortalException(
          ErrorCode.OUT_OF_RANGE, "0 <= index < size <= " + tree.size() + " is required");
    }
    return tree.inclusionProof(index, size);
  }

  /** The consistency proof from the tree of {@code first} leaves to that of {@code second}. */
  public List<byte[]> consistencyProof(String collaborationId, long first, long second) {
    MerkleTree tree = load(collaborationId).tree;
    if (first < 0 || second < first || second > tree.size()) {
      throw new PortalException(
          ErrorCode.OUT_OF_RANGE, "0 <= first <= second <= " + tree.size() + " is required");
    }
    return tree.consistencyProof(first, second);
  }

  /** The leaf hash at {@code index} (for proofs' callers). */
  public byte[] leafHash(String collaborationId, long index) {
    MerkleTree tree = load(collaborationId).tree;
    if (index < 0 || index >= tree.size()) {
      throw new PortalException(ErrorCode.OUT_OF_RANGE, "no entry " + index);
    }
    return tree.leafHash(index);
  }

  /**
   * Reads the log again from the database and checks it against every signed head; a log that fails
   * stays refused ({@code LOG_INTEGRITY}).
   *
   * @return the number of entries and heads checked
   */
  public long[] check(String collaborationId) {
    logs.remove(collaborationId);
    LoadedLog log = load(collaborationId);
    return new long[] {log.tree.size(), TreeHeadRecord.count("collaborationId", collaborationId)};
  }

  /** Pages of stored entries in index order, for exports: {@code [start, start + 1000)}. */
  @Transactional
  public List<byte[]> page(String collaborationId, long start, long end) {
    return LogEntryRecord.<LogEntryRecord>find(
            "collaborationId = ?1 and leafIndex >= ?2 and leafIndex < ?3 order by leafIndex",
            collaborationId,
            start,
            Math.min(end, start + PAGE))
        .stream()
        .map(r -> r.entry)
        .toList();
  }

  private LoadedLog load(String collaborationId) {
    LoadedLog log = logs.get(collaborationId);
    if (log == null) {
      synchronized (this) {
        log = logs.get(collaborationId);
        if (log == null) {
          log = read(collaborationId);
          logs.put(collaborationId, log);
        }
      }
    }
    if (log.broken != null) {
      throw new PortalException(ErrorCode.LOG_INTEGRITY, collaborationId + ": " + log.broken);
    }
    return log;
  }

  @Transactional
  LoadedLog read(String collaborationId) {
    LoadedLog log = new LoadedLog();
    long next = 0;
    while (true) {
      List<LogEntryRecord> rows =
          LogEntryRecord.<LogEntryRecord>find(
                  "collaborationId = ?1 and leafIndex >= ?2 order by leafIndex",
                  collaborationId,
                  next)
              .page(0, PAGE)
              .list();
      for (LogEntryRecord r : rows) {
        if (r.leafIndex != next) {
          log.broken = "entry " + next + " is missing";
          return log;
        }
        log.tree.appendLeafHash(MerkleHashes.leafHash(r.entry));
        next++;
      }
      if (rows.size() < PAGE) {
        break;
      }
    }
    List<TreeHeadRecord> heads =
        TreeHeadRecord.list("collaborationId = ?1 order by treeSize", collaborationId);
    long covered = 0;
    for (TreeHeadRecord h : heads) {
      SignedTreeHead sth;
      try {
        sth = SignedTreeHead.verify(h.signedHead);
      } catch (CryptoException e) {
        log.broken = "the stored head of size " + h.treeSize + " does not verify";
        return log;
      }
      if (!MessageDigest.isEqual(sth.signingKey(), logKey.publicKey())
          || !sth.logId().equals(collaborationId)
          || sth.head().size() != h.treeSize) {
        log.broken = "the stored head of size " + h.treeSize + " is not this log's";
        return log;
      }
      if (h.treeSize > log.tree.size()
          || !MessageDigest.isEqual(log.tree.rootHash(h.treeSize), sth.head().rootHash())) {
        log.broken =
            "the entries no longer match the head of size "
                + h.treeSize
                + " signed "
                + sth.head().timestamp();
        return log;
      }
      covered = h.treeSize;
    }
    // Entries no head covers yet are checked one by one.
    for (long i = covered; i < log.tree.size(); i += PAGE) {
      long index = i;
      for (byte[] signed : page(collaborationId, i, log.tree.size())) {
        try {
          LogEntries.kindOf(signed).orElseThrow().verify(signed);
        } catch (RuntimeException e) {
          log.broken = "entry " + index + " does not verify";
          return log;
        }
        index++;
      }
    }
    return log;
  }

  private Pending pending(String collaborationId, LoadedLog log) {
    String resource = CollaborationLog.class.getName() + ":" + collaborationId;
    Pending p = (Pending) transactions.getResource(resource);
    if (p != null) {
      return p;
    }
    acquire(log);
    try {
      Pending fresh = new Pending();
      transactions.putResource(resource, fresh);
      transactions.registerInterposedSynchronization(
          new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
              try {
                if (status == Status.STATUS_COMMITTED) {
                  fresh.leafHashes.forEach(log.tree::appendLeafHash);
                }
              } finally {
                log.permit.release();
              }
            }
          });
      return fresh;
    } catch (RuntimeException e) {
      log.permit.release();
      throw e;
    }
  }

  private static void acquire(LoadedLog log) {
    try {
      if (!log.permit.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the log is busy");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the log", e);
    }
  }
}
