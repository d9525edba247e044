package io.cleanroom.broker.api;

import io.cleanroom.broker.approval.ApprovalRecord;
import io.cleanroom.broker.approval.Approvals;
import io.cleanroom.broker.contract.Contracts;
import io.cleanroom.query.contract.Contract;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Owners approve or reject a contract, and each query fingerprint for it. */
@Path("/v1/approvals")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "approvals", description = "Data owners' decisions on contracts and queries")
public class ApprovalsResource {

  @Inject Caller caller;
  @Inject Contracts contracts;
  @Inject Approvals approvals;

  /**
   * A decision: {@code kind} is {@code contract} or {@code query}; {@code decision} is {@code
   * approved} or {@code rejected}.
   */
  public record DecisionRequest(
      String kind, String contractHash, String queryFingerprint, String decision, String comment) {}

  /** A recorded decision. */
  public record DecisionView(
      long id,
      String kind,
      String contractHash,
      String queryFingerprint,
      String org,
      String decision,
      String actor,
      String tokenRef,
      String comment,
      Instant decidedAt) {

    static DecisionView of(ApprovalRecord r) {
      return new DecisionView(
          r.id,
          r.kind.name().toLowerCase(Locale.ROOT),
          r.contractHash,
          r.queryFingerprint,
          r.org,
          r.decision.name().toLowerCase(Locale.ROOT),
          r.actor,
          r.tokenRef,
          r.comment,
          r.decidedAt);
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Record the caller's organization's decision (immutable; the newest counts)")
  public Response decide(DecisionRequest req) {
    String org = caller.ownerOrg();
    if (req == null || req.kind() == null || req.decision() == null || req.contractHash() == null) {
      throw new BrokerException(
          ErrorCode.MALFORMED_REQUEST, "kind, contractHash and decision are required");
    }
    ApprovalRecord.Kind kind = parse(ApprovalRecord.Kind.class, req.kind(), "kind");
    ApprovalRecord.Decision decision =
        parse(ApprovalRecord.Decision.class, req.decision(), "decision");
    Contract c = contracts.require(req.contractHash());
    ApprovalRecord r =
        approvals.decide(
            c,
            new Approvals.Request(
                kind,
                c.id(),
                Optional.ofNullable(req.queryFingerprint()),
                decision,
                Optional.ofNullable(req.comment())),
            org,
            caller.name(),
            caller.tokenReference());
    return Response.status(201).entity(DecisionView.of(r)).build();
  }

  @GET
  @Operation(
      summary =
          "Decisions on a contract: the caller's organization's, or everyone's for compliance"
              + " officers")
  public List<DecisionView> list(@QueryParam("contractHash") String contractHash) {
    if (contractHash == null) {
      throw new BrokerException(ErrorCode.MALFORMED_REQUEST, "contractHash is required");
    }
    List<String> orgs =
        caller.hasRole(Caller.COMPLIANCE_OFFICER) ? null : List.of(caller.ownerOrg());
    return approvals.history(contractHash, orgs).stream().map(DecisionView::of).toList();
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BrokerException(ErrorCode.MALFORMED_REQUEST, field + " '" + value + "' is unknown");
    }
  }
}
