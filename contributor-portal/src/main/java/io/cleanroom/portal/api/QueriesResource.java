package io.cleanroom.portal.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.json.CanonicalJson;
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
import java.util.List;
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
      JsonNode report) {

    static QueryView of(QueryRecord q) {
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
          CanonicalJson.parse(q.reportJson));
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
    collaborations.requireVisible(id, caller);
    caller.requireRole(Caller.ANALYST);
    CollaborationMember m = collaborations.requireMembership(id, caller);
    if (!m.roleList().contains("analyst")) {
      throw new PortalException(ErrorCode.NOT_A_PARTY, m.org + " is no analyst in " + id);
    }
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
    return Response.status(201).entity(QueryView.of(q)).build();
  }

  @GET
  @Operation(summary = "The collaboration's proposals, newest first")
  public List<QueryView> list(@PathParam("id") String id) {
    collaborations.requireVisible(id, caller);
    return queries.list(id).stream().map(QueryView::of).toList();
  }

  @GET
  @Path("/{query}")
  @Operation(summary = "One proposal with its check report")
  public QueryView get(@PathParam("id") String id, @PathParam("query") String query) {
    collaborations.requireVisible(id, caller);
    return QueryView.of(queries.require(id, query));
  }

  @POST
  @Path("/check")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Check a query against a contract version as a proposal would be checked (an analyst of"
              + " the collaboration), without keeping or logging anything: the check report")
  public JsonNode check(@PathParam("id") String id, Proposal p) {
    requireAnalyst(id);
    if (p == null) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "a body is required");
    }
    return CheckReportJson.toJson(
        queries.check(
            id, p.contractHash(), p.sql(), p.parameters() == null ? List.of() : p.parameters()));
  }

  /** The caller's membership, refused unless an analyst of a member organization with that role. */
  private CollaborationMember requireAnalyst(String id) {
    collaborations.requireVisible(id, caller);
    caller.requireRole(Caller.ANALYST);
    CollaborationMember m = collaborations.requireMembership(id, caller);
    if (!m.roleList().contains("analyst")) {
      throw new PortalException(ErrorCode.NOT_A_PARTY, m.org + " is no analyst in " + id);
    }
    return m;
  }
}
