package io.cleanroom.broker.approval;

import io.cleanroom.broker.api.BrokerException;
import io.cleanroom.broker.api.ErrorCode;
import io.cleanroom.broker.approval.ApprovalRecord.Decision;
import io.cleanroom.broker.approval.ApprovalRecord.Kind;
import io.cleanroom.broker.log.BrokerLog;
import io.cleanroom.query.contract.Contract;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Owners' decisions on contracts and query fingerprints.
 *
 * <p><b>Security:</b> an organization decides only on contracts in which it owns a dataset, and
 * only for itself; the newest decision of an organization on a subject is its decision (a rejection
 * after an approval revokes it for every later release).
 */
@ApplicationScoped
public class Approvals {

  @Inject Clock clock;
  @Inject BrokerLog signedLog;

  /** A decision to record. */
  public record Request(
      Kind kind,
      String contractHash,
      Optional<String> queryFingerprint,
      Decision decision,
      Optional<String> comment) {}

  /**
   * Records a decision of {@code org}, which must own a dataset of {@code contract}, and its signed
   * entry in the broker's log (in the same transaction).
   */
  @Transactional
  public ApprovalRecord decide(
      Contract contract, Request req, String org, String actor, String tokenRef) {
    if (contract.datasets().stream().noneMatch(d -> d.owner().equals(org))) {
      throw new BrokerException(
          ErrorCode.NOT_A_PARTY, org + " owns no dataset of contract " + contract.id());
    }
    if (req.kind() == Kind.QUERY) {
      String fp = req.queryFingerprint().orElse("");
      if (!fp.matches("[0-9a-f]{64}")) {
        throw new BrokerException(
            ErrorCode.MALFORMED_REQUEST, "queryFingerprint must be 64 lower-case hex digits");
      }
    } else if (req.queryFingerprint().isPresent()) {
      throw new BrokerException(
          ErrorCode.MALFORMED_REQUEST, "a contract decision has no queryFingerprint");
    }
    ApprovalRecord r = new ApprovalRecord();
    r.kind = req.kind();
    r.contractHash = contract.id();
    r.queryFingerprint = req.queryFingerprint().orElse(null);
    r.org = org;
    r.decision = req.decision();
    r.actor = actor;
    r.tokenRef = tokenRef;
    r.comment = req.comment().map(c -> c.length() > 2000 ? c.substring(0, 2000) : c).orElse(null);
    r.decidedAt = clock.instant();
    r.persist();
    signedLog.decided(r, contract.collaborationId());
    return r;
  }

  /** An organization's standing decisions for one release: on the contract and on the query. */
  public record Standing(boolean contractApproved, boolean queryApproved) {}

  /**
   * The newest decisions of each organization on the contract and on the query fingerprint, read
   * with one query (the release path asks this for every owner of the requested datasets).
   */
  @Transactional
  public Map<String, Standing> standing(
      String contractHash, String fingerprint, Collection<String> orgs) {
    Map<String, Decision> onContract = new HashMap<>();
    Map<String, Decision> onQuery = new HashMap<>();
    List<ApprovalRecord> all =
        ApprovalRecord.list(
            // No "org in (...)": a list parameter defeats Hibernate's query plan cache.
            "contractHash = ?1 and (kind = ?2 or queryFingerprint = ?3) order by id",
            contractHash,
            Kind.CONTRACT,
            fingerprint);
    for (ApprovalRecord r : all) {
      if (!orgs.contains(r.org)) {
        continue;
      }
      if (r.kind == Kind.CONTRACT) {
        onContract.put(r.org, r.decision);
      } else if (fingerprint.equals(r.queryFingerprint)) {
        onQuery.put(r.org, r.decision);
      }
    }
    Map<String, Standing> out = new LinkedHashMap<>();
    for (String org : orgs) {
      out.put(
          org,
          new Standing(
              onContract.get(org) == Decision.APPROVED, onQuery.get(org) == Decision.APPROVED));
    }
    return out;
  }

  /**
   * Every decision on a contract by these organizations (all if {@code orgs} is null), oldest
   * first.
   */
  @Transactional
  public List<ApprovalRecord> history(String contractHash, List<String> orgs) {
    if (orgs == null) {
      return ApprovalRecord.list("contractHash = ?1 order by id", contractHash);
    }
    return ApprovalRecord.list("contractHash = ?1 and org in ?2 order by id", contractHash, orgs);
  }
}
