package io.cleanroom.broker.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.broker.approval.ApprovalRecord;
import io.cleanroom.broker.budget.PrivacyBudgets;
import io.cleanroom.broker.contract.Contracts;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.query.contract.Contract;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The broker's signed log: one entry signed with its log key ({@link BrokerLogKey}, {@code
 * LogEntries.BROKER}) for every approval decision and every key release or refusal, written in the
 * transaction of the record it describes. Consumers (the portal) read the entries in sequence order
 * and resume after the last sequence they saw.
 *
 * <p><b>Security:</b> an entry holds identifiers, digests, public keys and stable error codes only:
 * never key bytes, tokens or token references, nor a refusal's free-text reason (that stays in the
 * release log, for owners and compliance officers). Sequence numbers come from one locked row, so
 * entries commit in sequence order without gaps and a reader resuming after a sequence misses none.
 */
@ApplicationScoped
public class BrokerLog {

  /** The {@code format} of every entry. */
  public static final String FORMAT = LogEntries.BROKER.format();

  @Inject BrokerLogKey logKey;
  @Inject Contracts contracts;

  /**
   * Logs a decision: {@code contract.approved}, {@code contract.rejected}, {@code query.approved}
   * or {@code query.rejected}, in the caller's transaction.
   */
  @Transactional(TxType.MANDATORY)
  public SignedLogEntry decided(ApprovalRecord r, String collaborationId) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("collaborationId", collaborationId);
    body.put("contractHash", r.contractHash);
    if (r.kind == ApprovalRecord.Kind.QUERY) {
      body.put("queryFingerprint", r.queryFingerprint);
    }
    body.put("org", r.org);
    body.put("actor", r.actor);
    if (r.kind == ApprovalRecord.Kind.CONTRACT) {
      body.put("decidedAt", r.decidedAt.toString());
    }
    String event = lower(r.kind.name()) + "." + lower(r.decision.name());
    return append(event, r.contractHash, Optional.of(collaborationId), body, r.decidedAt);
  }

  /**
   * Logs a release ({@code key.released}) or a refusal ({@code key.refused}, with its error code)
   * as the release log recorded it, in the caller's transaction; with the epsilon charged (or
   * asked) and each charged owner's budget left when a private dataset was requested.
   */
  @Transactional(TxType.MANDATORY)
  public SignedLogEntry released(ReleaseLogEntry e) {
    boolean released = "RELEASED".equals(e.outcome);
    Optional<String> collaborationId =
        Optional.ofNullable(e.contractHash).flatMap(contracts::find).map(Contract::collaborationId);
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    collaborationId.ifPresent(id -> body.put("collaborationId", id));
    putIfKnown(body, "contractHash", e.contractHash);
    putIfKnown(body, "queryFingerprint", e.queryFingerprint);
    putList(body, "datasetIds", e.datasetIds);
    putList(body, "ownerOrgs", e.ownerOrgs);
    putIfKnown(body, "tee", e.tee);
    if (e.simulated != null) {
      body.put("simulated", e.simulated.booleanValue());
    }
    putIfKnown(body, "evidenceSha256", e.evidenceSha256);
    putIfKnown(body, "enclavePublicKey", e.enclavePublicKey);
    measurement(e.claimsJson).ifPresent(m -> body.put("measurement", m));
    if (e.epsilon != null) {
      body.put("epsilon", PrivacyBudgets.plain(e.epsilon));
      body.set("epsilonLeft", CanonicalJson.parse(e.epsilonLeft));
    }
    if (!released) {
      body.put("errorCode", e.errorCode);
    }
    String event = released ? "key.released" : "key.refused";
    return append(event, e.contractHash, collaborationId, body, e.loggedAt);
  }

  /**
   * Entries after {@code after}, in sequence order: all of them, or only those of the contracts in
   * {@code onlyContracts} when present; optionally of one contract.
   */
  @Transactional
  public List<SignedLogEntry> page(
      Optional<Collection<String>> onlyContracts,
      Optional<String> contractHash,
      long after,
      int limit) {
    if (onlyContracts.isPresent() && onlyContracts.get().isEmpty()) {
      return List.of();
    }
    StringBuilder q = new StringBuilder("sequence > :after");
    Map<String, Object> params = new HashMap<>();
    params.put("after", after);
    contractHash.ifPresent(
        h -> {
          q.append(" and contractHash = :contract");
          params.put("contract", h);
        });
    onlyContracts.ifPresent(
        set -> {
          q.append(" and contractHash in :contracts");
          params.put("contracts", set);
        });
    q.append(" order by sequence");
    return SignedLogEntry.<SignedLogEntry>find(q.toString(), params).page(0, limit).list();
  }

  private SignedLogEntry append(
      String event,
      String contractHash,
      Optional<String> collaborationId,
      ObjectNode members,
      Instant time) {
    // The row lock is held until the transaction ends: the next appender waits for this commit.
    LogHead head = LogHead.findById(LogHead.ID, LockModeType.PESSIMISTIC_WRITE);
    if (head == null) {
      throw new IllegalStateException("the broker_log_head row is missing");
    }
    long sequence = head.nextSequence;
    head.nextSequence = sequence + 1;

    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("event", event);
    body.put("sequence", sequence);
    body.put("time", time.toString());
    body.setAll(members);

    SignedLogEntry entry = new SignedLogEntry();
    entry.sequence = sequence;
    entry.contractHash = contractHash;
    entry.collaborationId = collaborationId.orElse(null);
    entry.event = event;
    entry.signedEntry = LogEntries.BROKER.sign(body, logKey.signingKey());
    entry.loggedAt = time;
    entry.persist();
    return entry;
  }

  /** The measurement the claims name, if the evidence was parsed far enough to have claims. */
  private static Optional<String> measurement(String claimsJson) {
    if (claimsJson == null) {
      return Optional.empty();
    }
    try {
      JsonNode m = CanonicalJson.parse(claimsJson).path("measurement");
      return m.isTextual() ? Optional.of(m.textValue()) : Optional.empty();
    } catch (CryptoException e) {
      return Optional.empty();
    }
  }

  private static void putIfKnown(ObjectNode body, String name, String value) {
    if (value != null) {
      body.put(name, value);
    }
  }

  /** A comma-separated column ({@code a,b} or {@code ,a,b,}) as a JSON array. */
  private static void putList(ObjectNode body, String name, String commaSeparated) {
    if (commaSeparated == null) {
      return;
    }
    ArrayNode array = body.putArray(name);
    for (String item : commaSeparated.split(",")) {
      if (!item.isEmpty()) {
        array.add(item);
      }
    }
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
