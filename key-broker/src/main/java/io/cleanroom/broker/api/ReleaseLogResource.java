package io.cleanroom.broker.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.broker.budget.PrivacyBudgets;
import io.cleanroom.broker.log.ReleaseLog;
import io.cleanroom.broker.log.ReleaseLogEntry;
import io.cleanroom.crypto.json.CanonicalJson;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The release log, for the keys' owners and compliance officers. */
@Path("/v1/release-log")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "release-log", description = "Every release and refusal")
public class ReleaseLogResource {

  @Inject Caller caller;
  @Inject ReleaseLog log;

  /** One entry as shown. */
  public record EntryView(
      long id,
      Instant loggedAt,
      String outcome,
      String errorCode,
      String reason,
      String tee,
      Boolean simulated,
      String contractHash,
      String queryFingerprint,
      List<String> datasetIds,
      String evidenceSha256,
      String claims,
      String enclavePublicKey,
      String sessionId,
      String epsilon,
      JsonNode epsilonLeft) {

    static EntryView of(ReleaseLogEntry e) {
      return new EntryView(
          e.id,
          e.loggedAt,
          e.outcome,
          e.errorCode,
          e.reason,
          e.tee,
          e.simulated,
          e.contractHash,
          e.queryFingerprint,
          e.datasetIds == null ? List.of() : Arrays.asList(e.datasetIds.split(",")),
          e.evidenceSha256,
          e.claimsJson,
          e.enclavePublicKey,
          e.sessionId,
          e.epsilon == null ? null : PrivacyBudgets.plain(e.epsilon),
          e.epsilonLeft == null ? null : CanonicalJson.parse(e.epsilonLeft));
    }
  }

  @GET
  @Operation(
      summary =
          "Newest first: entries touching the caller's organization's datasets, or all of them"
              + " for compliance officers")
  public List<EntryView> list(
      @QueryParam("contractHash") String contractHash,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    String org = caller.hasRole(Caller.COMPLIANCE_OFFICER) ? null : caller.ownerOrg();
    int n = Math.max(1, Math.min(limit, 1000));
    return log.query(org, contractHash, n).stream().map(EntryView::of).toList();
  }
}
