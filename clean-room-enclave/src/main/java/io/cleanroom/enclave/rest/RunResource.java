package io.cleanroom.enclave.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.enclave.identity.EnclaveIdentity;
import io.cleanroom.enclave.run.EnclaveException;
import io.cleanroom.enclave.run.Run;
import io.cleanroom.enclave.run.RunOutcome;
import io.cleanroom.enclave.run.RunRequest;
import io.cleanroom.enclave.run.RunService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run API: {@code POST /v1/runs} starts a run, {@code GET /v1/runs/{id}} reports it (result and
 * receipt when done), {@code GET /v1/runs/{id}/receipt} answers the signed receipt's exact bytes,
 * {@code DELETE /v1/runs/{id}} cancels it.
 *
 * <p><b>Security:</b> a run's id is public (its log entries name it); reading or cancelling it
 * takes the run's secret, answered only to its submitter ({@code runSecret}), in the {@code
 * Run-Secret} header. Without it, or with another, the run is unknown ({@code RUN_UNKNOWN}).
 */
@Path("/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

  /** The header that carries a run's secret. */
  public static final String SECRET = "Run-Secret";

  @Inject RunService runs;
  @Inject EnclaveIdentity identity;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response start(JsonNode body) {
    Run run = runs.submit(RunRequests.parse(body));
    ObjectNode view = Views.run(run, identity);
    view.put("runSecret", run.secret());
    return Response.accepted(view).location(URI.create("/v1/runs/" + run.id())).build();
  }

  @GET
  @Path("{id}")
  public ObjectNode get(@PathParam("id") String id, @HeaderParam(SECRET) String secret) {
    return Views.run(find(id, secret), identity);
  }

  @GET
  @Path("{id}/receipt")
  public Response receipt(@PathParam("id") String id, @HeaderParam(SECRET) String secret) {
    RunOutcome o =
        find(id, secret)
            .outcome()
            .orElseThrow(
                () ->
                    new EnclaveException(
                        EnclaveException.Code.RUN_UNKNOWN, "run " + id + " has no receipt"));
    return Response.ok(o.receipt(), MediaType.APPLICATION_JSON).build();
  }

  /** The run's signed log entries, oldest first, for the collaboration's log. */
  @GET
  @Path("{id}/log")
  public ObjectNode log(@PathParam("id") String id, @HeaderParam(SECRET) String secret) {
    Run run = find(id, secret);
    ObjectNode out = CanonicalJson.mapper().createObjectNode();
    out.put("runId", run.id());
    var entries = out.putArray("entries");
    run.logEntries().forEach(e -> entries.add(CanonicalJson.parse(e)));
    return out;
  }

  @DELETE
  @Path("{id}")
  public ObjectNode cancel(@PathParam("id") String id, @HeaderParam(SECRET) String secret) {
    Run run = find(id, secret);
    runs.cancel(run);
    return Views.run(run, identity);
  }

  private Run find(String id, String secret) {
    return runs.find(id)
        .filter(r -> r.admits(secret))
        .orElseThrow(() -> new EnclaveException(EnclaveException.Code.RUN_UNKNOWN, "no run " + id));
  }

  /** Reads {@code POST /v1/runs} bodies strictly. */
  static final class RunRequests {
    private RunRequests() {}

    static RunRequest parse(JsonNode body) {
      if (body == null || !body.isObject()) {
        throw bad("the body must be a JSON object");
      }
      JsonNode contract = body.get("contract");
      if (contract == null || !contract.isObject()) {
        throw bad("contract must be the contract's JSON object");
      }
      JsonNode query = body.path("query");
      String sql = text(query, "sql", "query.sql");
      String fingerprint = text(query, "fingerprint", "query.fingerprint");
      List<JsonNode> params = new ArrayList<>();
      query.path("parameters").forEach(params::add);
      JsonNode ds = body.get("datasets");
      if (ds == null || !ds.isArray() || ds.isEmpty()) {
        throw bad("datasets must be a non-empty array");
      }
      List<RunRequest.DatasetLocation> locations = new ArrayList<>();
      for (JsonNode d : ds) {
        String id = text(d, "id", "datasets[].id");
        if (locations.stream().anyMatch(l -> l.id().equals(id))) {
          throw bad("dataset " + id + " is listed twice");
        }
        locations.add(
            new RunRequest.DatasetLocation(
                id, text(d, "location", "datasets[].location"), broker(d)));
      }
      return new RunRequest(
          CanonicalJson.toBytes(contract), sql, params, fingerprint, locations, timeLimit(body));
    }

    private static Optional<Duration> timeLimit(JsonNode body) {
      JsonNode t = body.get("timeLimit");
      if (t == null || t.isNull()) {
        return Optional.empty();
      }
      try {
        Duration d = Duration.parse(t.asText());
        if (d.isNegative() || d.isZero()) {
          throw bad("timeLimit must be a positive ISO-8601 duration");
        }
        return Optional.of(d);
      } catch (java.time.format.DateTimeParseException e) {
        throw bad("timeLimit must be an ISO-8601 duration such as PT5M");
      }
    }

    private static URI broker(JsonNode d) {
      String s = text(d, "keyBroker", "datasets[].keyBroker");
      try {
        URI u = URI.create(s);
        if (u.getScheme() == null
            || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
            || u.getHost() == null) {
          throw bad("keyBroker must be an http(s) URL");
        }
        return u;
      } catch (IllegalArgumentException e) {
        throw bad("keyBroker must be an http(s) URL");
      }
    }

    private static String text(JsonNode node, String field, String name) {
      JsonNode v = node.get(field);
      if (v == null || !v.isTextual() || v.textValue().isBlank()) {
        throw bad(name + " is required");
      }
      return v.textValue();
    }

    private static EnclaveException bad(String message) {
      return new EnclaveException(EnclaveException.Code.MALFORMED_REQUEST, message);
    }
  }
}
