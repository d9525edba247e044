package io.cleanroom.broker.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.broker.release.ReleaseService;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The enclave's side of the release protocol. No bearer token: the enclave authenticates by its
 * evidence.
 */
@Path("/v1/release")
@PermitAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "release", description = "Attestation-gated key release (called by enclaves)")
public class ReleaseResource {

  @Inject ReleaseService service;

  /** The challenge request. */
  public record ChallengeRequest(String tee) {}

  /** The attestation request. */
  public record AttestRequest(String sessionId, JsonNode evidence, JsonNode runtimeData) {}

  @POST
  @Path("/challenge")
  @Operation(summary = "Open a release session: a single-use nonce for evidence of this TEE type")
  public ReleaseService.Challenge challenge(ChallengeRequest req) {
    if (req == null) {
      throw new BrokerException(ErrorCode.MALFORMED_REQUEST, "a body {tee} is required");
    }
    return service.challenge(req.tee());
  }

  @POST
  @Path("/attest")
  @Operation(
      summary =
          "Answer a challenge with evidence binding the runtime data; returns the dataset keys"
              + " sealed to the enclave's public key")
  public ReleaseService.Release attest(AttestRequest req) {
    if (req == null) {
      throw new BrokerException(
          ErrorCode.MALFORMED_REQUEST, "a body {sessionId, evidence, runtimeData} is required");
    }
    return service.attest(req.sessionId(), req.evidence(), req.runtimeData());
  }
}
