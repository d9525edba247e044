package io.cleanroom.portal.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.portal.approval.Approvals;
import io.cleanroom.portal.collab.CollaborationMember;
import io.cleanroom.portal.collab.Collaborations;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Owners' decisions on contract versions and queries, made at their own key brokers. */
@Path("/v1/collaborations/{id}/approvals")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "approvals", description = "Owners' decisions, relayed to and signed by their brokers")
public class ApprovalsResource {

  @Inject Caller caller;
  @Inject Collaborations collaborations;
  @Inject Approvals approvals;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Approve or reject a contract version or a query (a data owner of the contract):"
              + " relayed with the caller's own token to the organization's key broker, which"
              + " records and signs it; answered with the broker's record")
  public Response decide(@PathParam("id") String id, Approvals.Request req) {
    collaborations.requireVisible(id, caller);
    caller.requireRole(Caller.DATA_OWNER);
    CollaborationMember m = collaborations.requireMembership(id, caller);
    JsonNode recorded = approvals.relay(id, req, m.org, caller.bearerToken());
    return Response.status(201).entity(recorded).build();
  }

  @GET
  @Operation(
      summary =
          "The decisions in the collaboration's log (signed by each organization's key"
              + " broker), oldest first")
  public List<Approvals.Decision> list(
      @PathParam("id") String id, @QueryParam("contractHash") String contractHash) {
    collaborations.requireVisible(id, caller);
    return approvals.decisions(id, contractHash);
  }
}
