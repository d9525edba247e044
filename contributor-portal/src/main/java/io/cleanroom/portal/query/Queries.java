package io.cleanroom.portal.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.portal.api.ErrorCode;
import io.cleanroom.portal.api.PortalException;
import io.cleanroom.portal.contract.Contracts;
import io.cleanroom.portal.log.CollaborationLog;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.QueryException;
import io.cleanroom.query.check.CheckReport;
import io.cleanroom.query.check.CheckReportJson;
import io.cleanroom.query.contract.ContractParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Query proposals: the query engine checks each against the contract version it names (the same
 * check the enclave repeats), the report is kept as the owners will see it, and the proposal is
 * logged as {@code query.proposed} with its verdict, fingerprint, the datasets it reads and the
 * refusals' codes. Owners approve a fingerprint at their key brokers.
 */
@ApplicationScoped
public class Queries {

  /** The longest SQL text accepted. */
  public static final int MAX_SQL = 20_000;

  @Inject Contracts contracts;
  @Inject CollaborationLog log;

  /** Checks and stores a proposal, and logs it; refused queries are stored and logged too. */
  @Transactional
  public QueryRecord propose(
      String collaborationId,
      String contractHash,
      String sql,
      List<JsonNode> parameters,
      String by,
      String byOrg) {
    CheckReport report = check(collaborationId, contractHash, sql, parameters);
    ArrayNode params = CanonicalJson.mapper().createArrayNode();
    parameters.forEach(params::add);
    QueryRecord q = new QueryRecord();
    q.id = UUID.randomUUID().toString();
    q.collaborationId = collaborationId;
    q.contractHash = contractHash;
    q.sql = sql;
    q.parametersJson = CanonicalJson.toString(params);
    q.allowed = report.allowed();
    q.fingerprint = report.fingerprint().orElse(null);
    q.reportJson = CanonicalJson.toString(CheckReportJson.toJson(report));
    q.proposedBy = by;
    q.proposedByOrg = byOrg;
    q.proposedAt = Instant.now();
    q.persist();

    ObjectNode e = CanonicalJson.mapper().createObjectNode();
    e.put("event", "query.proposed");
    e.put("queryId", q.id);
    e.put("contractHash", contractHash);
    e.put("sql", sql);
    e.set("parameters", params);
    e.put("verdict", report.allowed() ? "allowed" : "refused");
    if (q.fingerprint != null) {
      e.put("queryFingerprint", q.fingerprint);
    }
    ArrayNode reads = e.putArray("datasets");
    report.datasets().forEach(d -> reads.add(d.dataset()));
    List<String> codes = new ArrayList<>();
    report.refusals().forEach(r -> codes.add(r.code().name()));
    ArrayNode refusals = e.putArray("refusals");
    codes.stream().distinct().sorted().forEach(refusals::add);
    e.put("actor", by);
    e.put("org", byOrg);
    log.appendPortalEntry(collaborationId, e);
    return q;
  }

  /**
   * Checks a query against a contract version exactly as {@link #propose} does, without keeping or
   * logging anything.
   */
  @Transactional
  public CheckReport check(
      String collaborationId, String contractHash, String sql, List<JsonNode> parameters) {
    if (sql == null || sql.isBlank() || sql.length() > MAX_SQL) {
      throw new PortalException(
          ErrorCode.MALFORMED_REQUEST, "sql of 1 to " + MAX_SQL + " characters is required");
    }
    if (contractHash == null) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "contractHash is required");
    }
    var contract =
        ContractParser.parse(contracts.require(collaborationId, contractHash).contractJson);
    try {
      return new QueryChecker(contract).check(sql, parameters).report();
    } catch (QueryException e) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, e.getMessage());
    }
  }

  /** The collaboration's proposals, newest first. */
  @Transactional
  public List<QueryRecord> list(String collaborationId) {
    return QueryRecord.list("collaborationId = ?1 order by proposedAt desc", collaborationId);
  }

  /** One proposal. */
  @Transactional
  public QueryRecord require(String collaborationId, String id) {
    QueryRecord q = QueryRecord.findById(id);
    if (q == null || !q.collaborationId.equals(collaborationId)) {
      throw new PortalException(ErrorCode.NOT_FOUND, "no query " + id);
    }
    return q;
  }
}
