package io.cleanroom.portal.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.portal.api.ErrorCode;
import io.cleanroom.portal.api.PortalException;
import io.cleanroom.portal.contract.ContractRecord;
import io.cleanroom.portal.contract.Contracts;
import io.cleanroom.portal.log.EntrySync;
import io.cleanroom.portal.log.LogEntryRecord;
import io.cleanroom.portal.query.QueryRecord;
import io.cleanroom.portal.remote.Remote;
import io.cleanroom.portal.remote.ServiceUrls;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.query.contract.DatasetSpec;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Owners' decisions. A decision made in the portal is relayed to the owner's own key broker with
 * the owner's own bearer token: the broker checks the token, records the decision and signs a log
 * entry — the portal cannot decide for anyone. The decisions shown are read back from those signed
 * entries in the collaboration's log (wherever they were made: portal, CLI or the broker's API),
 * each only from the key broker configured for its organization.
 */
@ApplicationScoped
public class Approvals {

  private static final Logger LOG = Logger.getLogger(Approvals.class);

  private static final Set<String> EVENTS =
      Set.of("contract.approved", "contract.rejected", "query.approved", "query.rejected");

  @Inject Contracts contracts;
  @Inject ServiceUrls urls;
  @Inject Remote remote;
  @Inject EntrySync sync;

  /** What an owner decides. */
  public record Request(
      String kind, String contractHash, String queryFingerprint, String decision, String comment) {}

  /** A decision as the owner's key broker signed it. */
  public record Decision(
      String kind,
      String contractHash,
      String queryFingerprint,
      String decision,
      String org,
      String actor,
      String time,
      long logIndex) {}

  /**
   * Relays {@code r} to the key broker of {@code org} with {@code token}: registers the contract
   * there (idempotent) and posts the decision, then brings the broker's signed entries into the
   * log. Answers the broker's recorded decision.
   */
  public JsonNode relay(String collaborationId, Request r, String org, String token) {
    if (r == null || r.kind() == null || r.contractHash() == null || r.decision() == null) {
      throw new PortalException(
          ErrorCode.MALFORMED_REQUEST, "kind, contractHash and decision are required");
    }
    if (!r.kind().equals("contract") && !r.kind().equals("query")) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "kind is contract or query");
    }
    if (!r.decision().equals("approved") && !r.decision().equals("rejected")) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "decision is approved or rejected");
    }
    if (r.comment() != null && r.comment().length() > 2000) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "comment is at most 2000 characters");
    }
    ContractRecord record =
        QuarkusTransaction.requiringNew()
            .call(() -> contracts.require(collaborationId, r.contractHash()));
    Contract contract = ContractParser.parse(record.contractJson);
    if (contract.datasets().stream().noneMatch(d -> d.owner().equals(org))) {
      throw new PortalException(
          ErrorCode.NOT_A_PARTY, org + " owns no dataset of contract " + r.contractHash());
    }
    if (r.kind().equals("query")) {
      requireProposal(collaborationId, r.contractHash(), r.queryFingerprint(), r.decision());
    }
    URI broker = urls.requireKeyBroker(org);
    Remote.Answer registered =
        remote.post(
            URI.create(broker + "/v1/contracts"),
            Optional.of(token),
            record.contractJson.getBytes(StandardCharsets.UTF_8));
    if (!registered.ok()) {
      throw refused("registering the contract", registered);
    }
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("kind", r.kind());
    body.put("contractHash", r.contractHash());
    if (r.kind().equals("query")) {
      body.put("queryFingerprint", r.queryFingerprint());
    }
    body.put("decision", r.decision());
    if (r.comment() != null && !r.comment().isBlank()) {
      body.put("comment", r.comment());
    }
    Remote.Answer decided =
        remote.post(
            URI.create(broker + "/v1/approvals"), Optional.of(token), CanonicalJson.toBytes(body));
    if (!decided.ok()) {
      throw refused("recording the decision", decided);
    }
    EntrySync.Result pulled = sync.syncAll();
    if (!pulled.problems().isEmpty()) {
      // The decision is recorded at the broker; its entry joins the log once the problem is gone.
      LOG.warnf("after relaying a decision, the log sync reported: %s", pulled.problems());
    }
    JsonNode recorded = decided.json();
    if (recorded instanceof ObjectNode o) {
      o.remove("tokenRef"); // the token's id stays with the broker
    }
    return recorded;
  }

  private static void requireProposal(
      String collaborationId, String contractHash, String fingerprint, String decision) {
    if (fingerprint == null || !fingerprint.matches("[0-9a-f]{64}")) {
      throw new PortalException(
          ErrorCode.MALFORMED_REQUEST, "queryFingerprint (64 hex digits) is required");
    }
    List<QueryRecord> proposals =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    QueryRecord.list(
                        "collaborationId = ?1 and contractHash = ?2 and fingerprint = ?3",
                        collaborationId,
                        contractHash,
                        fingerprint));
    if (proposals.isEmpty()) {
      throw new PortalException(
          ErrorCode.NOT_FOUND, "no proposal with fingerprint " + fingerprint + " here");
    }
    if (decision.equals("approved") && proposals.stream().noneMatch(q -> q.allowed)) {
      throw new PortalException(
          ErrorCode.QUERY_NOT_RUNNABLE, "the check refused this query; it cannot be approved");
    }
  }

  private static PortalException refused(String what, Remote.Answer a) {
    return new PortalException(
        ErrorCode.BROKER_REFUSED,
        "the key broker refused " + what + ": " + a.status() + " " + a.code());
  }

  /**
   * The decisions in the collaboration's log about {@code contractHash} (all contracts when null),
   * oldest first, each signed by the key broker configured for its organization.
   */
  public List<Decision> decisions(String collaborationId, String contractHash) {
    List<LogEntryRecord> rows =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    LogEntryRecord.list(
                        "collaborationId = ?1 and signer = ?2 and event in ?3 order by leafIndex",
                        collaborationId,
                        LogEntries.BROKER.signer(),
                        EVENTS));
    List<Decision> out = new ArrayList<>();
    for (LogEntryRecord row : rows) {
      JsonNode e = LogEntries.BROKER.verify(row.entry).receipt();
      String org = e.path("org").asText();
      String hash = e.path("contractHash").asText();
      Optional<URI> broker = urls.keyBroker(org);
      if (broker.isEmpty()
          || !row.source.startsWith("broker:" + broker.get() + "#")
          || (contractHash != null && !contractHash.equals(hash))) {
        continue;
      }
      String event = e.path("event").asText();
      int dot = event.indexOf('.');
      out.add(
          new Decision(
              event.substring(0, dot),
              hash,
              e.hasNonNull("queryFingerprint") ? e.get("queryFingerprint").asText() : null,
              event.substring(dot + 1),
              org,
              e.path("actor").asText(),
              e.path("time").asText(),
              row.leafIndex));
    }
    return out;
  }

  /**
   * Each owner's newest decision on contract {@code contractHash} ({@code fingerprint} null) or on
   * a query under it: owner organization to "approved", "rejected", or null when it has not
   * decided.
   */
  public static Map<String, String> state(
      Collection<String> owners,
      List<Decision> decisions,
      String contractHash,
      String kind,
      String fingerprint) {
    Map<String, String> out = new LinkedHashMap<>();
    new TreeSet<>(owners).forEach(o -> out.put(o, null));
    for (Decision d : decisions) {
      if (d.contractHash().equals(contractHash)
          && d.kind().equals(kind)
          && out.containsKey(d.org())
          && (fingerprint == null || fingerprint.equals(d.queryFingerprint()))) {
        out.put(d.org(), d.decision());
      }
    }
    return out;
  }

  /** Whether every owner's newest decision is an approval. */
  public static boolean allApproved(Map<String, String> state) {
    return !state.isEmpty() && state.values().stream().allMatch("approved"::equals);
  }

  /** The owners of the contract's datasets. */
  public static List<String> owners(Contract c) {
    return c.datasets().stream().map(DatasetSpec::owner).distinct().sorted().toList();
  }
}
