package io.cleanroom.broker.api;

import io.cleanroom.broker.contract.Contracts;
import io.cleanroom.query.contract.Contract;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Contracts the broker knows: registered by a data owner of the contract (or an admin). */
@Path("/v1/contracts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "contracts", description = "Collaboration contracts, stored under their SHA-256")
public class ContractsResource {

  @Inject Caller caller;
  @Inject Contracts contracts;

  /** The registration's answer. */
  public record Registered(String contractHash, String collaborationId) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Register a contract (idempotent); answers its hash")
  public Response register(byte[] json) {
    Contract parsed;
    if (caller.hasRole(Caller.ADMIN)) {
      parsed = contracts.register(json, caller.name());
    } else {
      String org = caller.ownerOrg();
      Contract c = Contracts.parse(json);
      if (c.datasets().stream().noneMatch(d -> d.owner().equals(org))) {
        throw new BrokerException(ErrorCode.NOT_A_PARTY, org + " owns no dataset of the contract");
      }
      parsed = contracts.register(json, caller.name());
    }
    return Response.status(201)
        .entity(new Registered(parsed.id(), parsed.collaborationId()))
        .build();
  }

  @GET
  @Path("/{hash}")
  @Operation(summary = "A registered contract, as registered (members and compliance officers)")
  public Response get(@PathParam("hash") String hash) {
    Contract c = contracts.require(hash);
    boolean member =
        caller.organizations().stream()
            .anyMatch(o -> c.members().stream().anyMatch(m -> m.org().equals(o)));
    if (!member && !caller.hasRole(Caller.COMPLIANCE_OFFICER) && !caller.hasRole(Caller.ADMIN)) {
      throw new BrokerException(ErrorCode.CONTRACT_UNKNOWN, "not a member of " + hash);
    }
    return Response.ok(contracts.json(hash).orElseThrow(), MediaType.APPLICATION_JSON).build();
  }
}
