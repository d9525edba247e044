package io.cleanroom.portal.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.portal.collab.CollaborationMember;
import io.cleanroom.portal.collab.Collaborations;
import io.cleanroom.portal.run.RunRecord;
import io.cleanroom.portal.run.Runs;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs of accepted proposals on the enclave, their results and receipts. */
@Path("/v1/collaborations/{id}/runs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Runs on the enclave, results for recipients, receipts")
public class RunsResource {

  @Inject Caller caller;
  @Inject Collaborations collaborations;
  @Inject Runs runs;

  /** What starts a run. */
  public record NewRun(String queryId) {}

  /** The run's error, as the enclave or the portal named it. */
  public record RunError(String code, String message) {}

  /** Where the run is: step of steps. */
  public record Progress(Integer step, Integer steps) {}

  /** A run as shown. */
  public record RunView(
      String id,
      String queryId,
      String contractHash,
      String fingerprint,
      String status,
      String phase,
      Progress progress,
      RunError error,
      String requestedBy,
      String requestedOrg,
      Instant requestedAt,
      Instant finishedAt,
      boolean simulated,
      String outputDigest,
      boolean recipient) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Run an accepted proposal on the enclave (an analyst of the collaboration); logged as"
              + " run.requested. The owners' key brokers release keys only for approved queries.")
  public Response start(@PathParam("id") String id, NewRun req) {
    CollaborationMember m = collaborations.requireAnalyst(id, caller);
    if (req == null || req.queryId() == null) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "queryId is required");
    }
    RunRecord r = runs.start(id, req.queryId(), caller.name(), m.org);
    return Response.accepted(view(r))
        .location(URI.create("/v1/collaborations/" + id + "/runs/" + r.id))
        .build();
  }

  @GET
  @Operation(summary = "The collaboration's runs, newest first")
  public List<RunView> list(@PathParam("id") String id) {
    collaborations.requireVisible(id, caller);
    return runs.list(id).stream().map(this::view).toList();
  }

  @GET
  @Path("/{run}")
  @Operation(summary = "One run: status, progress, error")
  public RunView get(@PathParam("id") String id, @PathParam("run") String run) {
    collaborations.requireVisible(id, caller);
    return view(runs.require(id, run));
  }

  @GET
  @Path("/{run}/result")
  @Produces({MediaType.APPLICATION_JSON, "text/csv"})
  @Operation(
      summary =
          "The result (result recipients only), as JSON or, with Accept: text/csv or"
              + " ?format=csv, as CSV; logged as result.downloaded")
  public Response result(
      @PathParam("id") String id,
      @PathParam("run") String run,
      @QueryParam("format") String format,
      @HeaderParam("Accept") String accept) {
    collaborations.requireVisible(id, caller);
    boolean csv =
        "csv".equals(format)
            || (format == null && accept != null && accept.toLowerCase().contains("text/csv"));
    if (format != null && !format.equals("csv") && !format.equals("json")) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "format is json or csv");
    }
    RunRecord r = runs.download(id, run, caller.name(), caller.org(), csv ? "csv" : "json");
    JsonNode result = CanonicalJson.parse(r.resultJson);
    if (csv) {
      return Response.ok(ResultCsv.of(result), "text/csv; charset=utf-8")
          .header("Content-Disposition", "attachment; filename=\"result-" + r.id + ".csv\"")
          .build();
    }
    return Response.ok(result, MediaType.APPLICATION_JSON).build();
  }

  @GET
  @Path("/{run}/receipt")
  @Operation(
      summary =
          "The enclave's signed receipt, its exact bytes (result recipients and compliance"
              + " officers); check it with cleanroom verify receipt")
  public Response receipt(@PathParam("id") String id, @PathParam("run") String run) {
    collaborations.requireVisible(id, caller);
    RunRecord r = runs.require(id, run);
    if (!caller.seesAll() && !runs.recipient(r, caller.org())) {
      throw new PortalException(
          ErrorCode.NOT_A_RECIPIENT, caller.name() + " may not read the receipt of " + run);
    }
    if (r.receipt == null) {
      throw new PortalException(
          ErrorCode.CONFLICT, "run " + run + " has no receipt (status " + r.status + ")");
    }
    return Response.ok(r.receipt, MediaType.APPLICATION_JSON).build();
  }

  private RunView view(RunRecord r) {
    List<String> orgs = caller.organizations();
    boolean recipient = orgs.size() == 1 && runs.recipient(r, orgs.get(0));
    return new RunView(
        r.id,
        r.queryId,
        r.contractHash,
        r.fingerprint,
        r.status,
        r.phase,
        new Progress(r.step, r.steps),
        r.errorCode == null ? null : new RunError(r.errorCode, r.errorMessage),
        r.requestedBy,
        r.requestedOrg,
        r.requestedAt,
        r.finishedAt,
        r.simulated,
        r.outputDigest,
        recipient);
  }
}
