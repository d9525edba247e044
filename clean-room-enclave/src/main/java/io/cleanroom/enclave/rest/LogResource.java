package io.cleanroom.enclave.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.enclave.run.RunService;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The enclave's signed log entries of every run, in signing order, for the portal to read into the
 * collaborations' logs (docs/enclave.md#log-entries). Their key is the one {@code GET
 * /v1/attestation} binds into the evidence.
 */
@Path("/v1/log")
@Produces(MediaType.APPLICATION_JSON)
public class LogResource {

  @Inject RunService runs;

  @GET
  @Path("/entries")
  @Operation(
      summary =
          "Signed log entries after a sequence number (at most limit, only of contractHash when"
              + " given): [{sequence, entry}]")
  public ArrayNode entries(
      @QueryParam("after") @DefaultValue("0") long after,
      @QueryParam("limit") @DefaultValue("500") int limit,
      @QueryParam("contractHash") String contractHash) {
    ArrayNode out = CanonicalJson.mapper().createArrayNode();
    for (RunService.LogEntry e :
        runs.logEntries(
            Math.max(0, after),
            Math.max(1, Math.min(limit, 1000)),
            Optional.ofNullable(contractHash))) {
      ObjectNode item = out.addObject();
      item.put("sequence", e.sequence());
      item.set("entry", CanonicalJson.parse(e.entry()));
    }
    return out;
  }
}
