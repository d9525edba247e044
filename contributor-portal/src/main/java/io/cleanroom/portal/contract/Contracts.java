package io.cleanroom.portal.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.portal.api.ErrorCode;
import io.cleanroom.portal.api.PortalException;
import io.cleanroom.portal.collab.CollaborationMember;
import io.cleanroom.portal.log.CollaborationLog;
import io.cleanroom.query.QueryException;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.query.contract.DatasetSpec;
import io.cleanroom.query.contract.Member;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A collaboration's contract versions. A proposal is checked by the query engine's contract parser
 * and against the collaboration (the same id, members that are members there, each dataset owned by
 * a data-owner member); each new version is logged as {@code contract.proposed}. Approval is each
 * data owner's act at its own key broker (docs/key-broker.md), whose signed entries join the same
 * log.
 */
@ApplicationScoped
public class Contracts {

  @Inject CollaborationLog log;

  /** Stores a new version (or answers the existing one for the same bytes) and logs it. */
  @Transactional
  public ContractRecord propose(String collaborationId, byte[] json, String by, String byOrg) {
    Contract c;
    try {
      c = ContractParser.parse(json);
    } catch (QueryException e) {
      throw new PortalException(ErrorCode.CONTRACT_INVALID, e.getMessage());
    }
    if (!c.collaborationId().equals(collaborationId)) {
      throw new PortalException(
          ErrorCode.CONTRACT_INVALID,
          "the contract is for collaboration " + c.collaborationId() + ", not " + collaborationId);
    }
    Map<String, CollaborationMember> members =
        CollaborationMember.<CollaborationMember>list("collaborationId", collaborationId).stream()
            .collect(Collectors.toMap(m -> m.org, m -> m));
    for (Member m : c.members()) {
      if (!members.containsKey(m.org())) {
        throw new PortalException(
            ErrorCode.CONTRACT_INVALID, m.org() + " is not a member of " + collaborationId);
      }
    }
    for (DatasetSpec d : c.datasets()) {
      CollaborationMember owner = members.get(d.owner());
      if (owner == null || !owner.roleList().contains("data-owner")) {
        throw new PortalException(
            ErrorCode.CONTRACT_INVALID,
            "dataset " + d.id() + " belongs to " + d.owner() + ", not a data owner here");
      }
    }
    ContractRecord existing = ContractRecord.findById(c.id());
    if (existing != null) {
      return existing;
    }
    ContractRecord r = new ContractRecord();
    r.contractHash = c.id();
    r.collaborationId = collaborationId;
    r.versionNumber = (int) ContractRecord.count("collaborationId", collaborationId) + 1;
    r.contractJson = new String(CanonicalJson.canonicalize(json), StandardCharsets.UTF_8);
    r.proposedBy = by;
    r.proposedByOrg = byOrg;
    r.proposedAt = Instant.now();
    r.persist();
    ObjectNode e = CanonicalJson.mapper().createObjectNode();
    e.put("event", "contract.proposed");
    e.put("contractHash", r.contractHash);
    e.put("version", r.versionNumber);
    e.put("actor", by);
    e.put("org", byOrg);
    e.putArray("dataOwners")
        .addAll(
            c.datasets().stream()
                .map(DatasetSpec::owner)
                .distinct()
                .sorted()
                .map(o -> CanonicalJson.mapper().getNodeFactory().textNode(o))
                .toList());
    log.appendPortalEntry(collaborationId, e);
    return r;
  }

  /** The versions of a collaboration's contract, oldest first. */
  @Transactional
  public List<ContractRecord> versions(String collaborationId) {
    return ContractRecord.list("collaborationId = ?1 order by versionNumber", collaborationId);
  }

  /** One version. */
  @Transactional
  public ContractRecord require(String collaborationId, String hash) {
    ContractRecord r = ContractRecord.findById(hash);
    if (r == null || !r.collaborationId.equals(collaborationId)) {
      throw new PortalException(ErrorCode.NOT_FOUND, "no contract " + hash);
    }
    return r;
  }
}
