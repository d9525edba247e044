package io.cleanroom.portal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.portal.approval.Approvals;
import io.cleanroom.portal.collab.Collaboration;
import io.cleanroom.portal.collab.CollaborationMember;
import io.cleanroom.portal.collab.Collaborations;
import io.cleanroom.portal.contract.ContractRecord;
import io.cleanroom.portal.contract.Contracts;
import io.cleanroom.portal.log.CollaborationLog;
import io.cleanroom.query.contract.ContractParser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Collaborations and their contract versions. */
@Path("/v1/collaborations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "collaborations", description = "Collaborations, members and contract versions")
public class CollaborationsResource {

  @Inject Caller caller;
  @Inject Collaborations collaborations;
  @Inject Contracts contracts;
  @Inject CollaborationLog log;
  @Inject Approvals approvals;

  /** What a new collaboration names. */
  public record NewCollaboration(String id, String name, Map<String, List<String>> members) {}

  /** A collaboration as shown. */
  public record CollaborationView(
      String id,
      String name,
      String createdBy,
      Instant createdAt,
      Map<String, List<String>> members) {}

  /** A contract version as listed. */
  public record ContractView(
      String contractHash,
      int version,
      String proposedBy,
      String proposedByOrg,
      Instant proposedAt,
      JsonNode contract,
      Map<String, String> approvals,
      boolean active) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Transactional
  @Operation(
      summary =
          "Create a collaboration (an admin, or a data owner whose organization is a member);"
              + " logged as collaboration.created")
  public Response create(NewCollaboration req) {
    if (req == null) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "a body is required");
    }
    String org = null;
    if (!caller.hasRole(Caller.ADMIN)) {
      caller.requireRole(Caller.DATA_OWNER);
      org = caller.org();
      if (req.members() == null || !req.members().containsKey(org)) {
        throw new PortalException(
            ErrorCode.MALFORMED_REQUEST, "the creating organization " + org + " is a member");
      }
    }
    Collaboration c = collaborations.create(req.id(), req.name(), req.members(), caller.name());
    ObjectNode e = CanonicalJson.mapper().createObjectNode();
    e.put("event", "collaboration.created");
    e.put("name", c.name);
    e.put("actor", caller.name());
    if (org != null) {
      e.put("org", org);
    }
    ObjectNode members = e.putObject("members");
    collaborations
        .members(c.id)
        .forEach(
            m -> {
              var roles = members.putArray(m.org);
              m.roleList().forEach(roles::add);
            });
    log.appendPortalEntry(c.id, e);
    return Response.status(201).entity(view(c)).build();
  }

  @GET
  @Operation(summary = "The collaborations the caller's organization is in (all for auditors)")
  public List<CollaborationView> list() {
    return collaborations.visible(caller).stream().map(this::view).toList();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One collaboration with its members")
  public CollaborationView get(@PathParam("id") String id) {
    return view(collaborations.requireVisible(id, caller));
  }

  @POST
  @Path("/{id}/contracts")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Propose a contract version (a data owner of a member organization); logged as"
              + " contract.proposed. Owners approve it at their key brokers.")
  public Response propose(@PathParam("id") String id, byte[] json) {
    collaborations.requireVisible(id, caller);
    caller.requireRole(Caller.DATA_OWNER);
    CollaborationMember m = collaborations.requireMembership(id, caller);
    ContractRecord r = contracts.propose(id, json, caller.name(), m.org);
    return Response.status(201).entity(contractView(r, approvals.decisions(id, null))).build();
  }

  @GET
  @Path("/{id}/contracts")
  @Operation(summary = "The contract's versions, oldest first")
  public List<ContractView> contracts(@PathParam("id") String id) {
    collaborations.requireVisible(id, caller);
    List<Approvals.Decision> decisions = approvals.decisions(id, null);
    return contracts.versions(id).stream().map(r -> contractView(r, decisions)).toList();
  }

  @GET
  @Path("/{id}/contracts/{hash}")
  @Operation(summary = "One contract version")
  public ContractView contract(@PathParam("id") String id, @PathParam("hash") String hash) {
    collaborations.requireVisible(id, caller);
    return contractView(contracts.require(id, hash), approvals.decisions(id, hash));
  }

  private CollaborationView view(Collaboration c) {
    Map<String, List<String>> members = new LinkedHashMap<>();
    collaborations.members(c.id).forEach(m -> members.put(m.org, m.roleList()));
    return new CollaborationView(c.id, c.name, c.createdBy, c.createdAt, members);
  }

  private static ContractView contractView(ContractRecord r, List<Approvals.Decision> decisions) {
    List<String> owners = Approvals.owners(ContractParser.parse(r.contractJson));
    Map<String, String> state =
        Approvals.state(owners, decisions, r.contractHash, "contract", null);
    return new ContractView(
        r.contractHash,
        r.versionNumber,
        r.proposedBy,
        r.proposedByOrg,
        r.proposedAt,
        CanonicalJson.parse(r.contractJson),
        state,
        Approvals.allApproved(state));
  }
}
