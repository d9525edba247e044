package io.cleanroom.portal.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.portal.approval.Approvals;
import io.cleanroom.portal.collab.CollaborationMember;
import io.cleanroom.portal.collab.Collaborations;
import io.cleanroom.portal.query.Queries;
import io.cleanroom.portal.query.QueryRecord;
import io.cleanroom.query.check.CheckReportJson;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Analysts' query proposals and the check reports owners approve. */
@Path("/v1/collaborations/{id}/queries")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "queries", description = "Query proposals with the engine's check report")
public class QueriesResource {

  @Inject Caller caller;
  @Inject Collaborations collaborations;
  @Inject Queries queries;
  @Inject Approvals approvals;

  /** A proposal's request. */
  public record Proposal(String contractHash, String sql, List<JsonNode> parameters) {}

  /** A proposal as shown. */
  public record QueryView(
      String id,
      String contractHash,
      String sql,
      JsonNode parameters,
      boolean allowed,
      String fingerprint,
      String proposedBy,
      String proposedByOrg,
      Instant proposedAt,
      JsonNode report,
      Map<String, String> approvals,
      boolean approved) {

    static QueryView of(QueryRecord q, List<Approvals.Decision> decisions) {
      JsonNode report = CanonicalJson.parse(q.reportJson);
      List<String> owners = new ArrayList<>();
      report.path("datasets").forEach(d -> owners.add(d.path("owner").asText()));
      Map<String, String> state =
          q.fingerprint == null
              ? Map.of()
              : Approvals.state(owners, decisions, q.contractHash, "query", q.fingerprint);
      return new QueryView(
          q.id,
          q.contractHash,
          q.sql,
          CanonicalJson.parse(q.parametersJson),
          q.allowed,
          q.fingerprint,
          q.proposedBy,
          q.proposedByOrg,
          q.proposedAt,
          report,
          state,
          q.allowed && Approvals.allApproved(state));
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Propose a query against a contract version (an analyst of a member organization with"
              + " the analyst role there): checked now, logged as query.proposed, answered with the"
              + " check report; refused queries are kept and logged too")
  public Response propose(@PathParam("id") String id, Proposal p) {
    CollaborationMember m = collaborations.requireAnalyst(id, caller);
    if (p == null) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "a body is required");
    }
    QueryRecord q =
        queries.propose(
            id,
            p.contractHash(),
            p.sql(),
            p.parameters() == null ? List.of() : p.parameters(),
            caller.name(),
            m.org);
    return Response.status(201).entity(QueryView.of(q, approvals.decisions(id, null))).build();
  }

  @GET
  @Operation(summary = "The collaboration's proposals, newest first")
  public List<QueryView> list(@PathParam("id") String id) {
    collaborations.requireVisible(id, caller);
    List<Approvals.Decision> decisions = approvals.decisions(id, null);
    return queries.list(id).stream().map(q -> QueryView.of(q, decisions)).toList();
  }

  @GET
  @Path("/{query}")
  @Operation(summary = "One proposal with its check report")
  public QueryView get(@PathParam("id") String id, @PathParam("query") String query) {
    collaborations.requireVisible(id, caller);
    return QueryView.of(queries.require(id, query), approvals.decisions(id, null));
  }

  @POST
  @Path("/check")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Check a query against a contract version as a proposal would be checked (an analyst of"
              + " the collaboration), without keeping or logging anything: the check report")
  public JsonNode check(@PathParam("id") String id, Proposal p) {
    collaborations.requireAnalyst(id, caller);
    if (p == null) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "a body is required");
    }
    return CheckReportJson.toJson(
        queries.check(
            id, p.contractHash(), p.sql(), p.parameters() == null ? List.of() : p.parameters()));
  }
}
