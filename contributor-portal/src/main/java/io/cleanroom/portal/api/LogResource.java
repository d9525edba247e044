package io.cleanroom.portal.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.portal.collab.Collaborations;
import io.cleanroom.portal.log.CollaborationLog;
import io.cleanroom.portal.log.LogExport;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A collaboration's verifiable log (docs/audit.md): the signed tree head, entries by range,
 * inclusion and consistency proofs, the full export; the portal's key is at {@link LogKeyResource}.
 */
@Path("/v1/collaborations/{id}/log")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "log", description = "The verifiable log of each collaboration")
@Blocking
public class LogResource {

  @Inject Caller caller;
  @Inject Collaborations collaborations;
  @Inject CollaborationLog log;
  @Inject LogExport export;
  @Inject io.cleanroom.portal.log.EntrySync entrySync;

  /** An inclusion proof. */
  public record InclusionProof(long index, long treeSize, String leafHash, List<String> path) {}

  /** A consistency proof. */
  public record ConsistencyProof(long first, long second, List<String> path) {}

  /** One entry as listed. */
  public record EntryView(long index, JsonNode entry) {}

  @GET
  @Path("/head")
  @Authenticated
  @Operation(summary = "The latest signed tree head")
  public Response head(@PathParam("id") String id) {
    collaborations.requireVisible(id, caller);
    return Response.ok(log.head(id)).build();
  }

  @GET
  @Path("/entries")
  @Authenticated
  @Operation(summary = "Signed entries [start, end), at most 1000")
  public List<EntryView> entries(
      @PathParam("id") String id, @QueryParam("start") long start, @QueryParam("end") Long end) {
    collaborations.requireVisible(id, caller);
    long to = end != null ? end : Math.min(log.size(id), start + 1000);
    List<byte[]> entries = log.entries(id, start, to);
    return java.util.stream.IntStream.range(0, entries.size())
        .mapToObj(i -> new EntryView(start + i, CanonicalJson.parse(entries.get(i))))
        .toList();
  }

  @GET
  @Path("/proof/inclusion")
  @Authenticated
  @Operation(summary = "The inclusion proof of an entry in the tree of a size")
  public InclusionProof inclusion(
      @PathParam("id") String id, @QueryParam("index") long index, @QueryParam("size") long size) {
    collaborations.requireVisible(id, caller);
    List<byte[]> path = log.inclusionProof(id, index, size);
    return new InclusionProof(
        index, size, HexFormat.of().formatHex(log.leafHash(id, index)), hex(path));
  }

  @GET
  @Path("/proof/consistency")
  @Authenticated
  @Operation(summary = "The consistency proof between two tree sizes")
  public ConsistencyProof consistency(
      @PathParam("id") String id,
      @QueryParam("first") long first,
      @QueryParam("second") long second) {
    collaborations.requireVisible(id, caller);
    return new ConsistencyProof(first, second, hex(log.consistencyProof(id, first, second)));
  }

  @GET
  @Path("/export")
  @Authenticated
  @Produces("application/jsonl")
  @Operation(
      summary =
          "The whole log as a file (docs/audit.md#export): entries, then a signed head covering"
              + " them; check it with `cleanroom verify log`")
  public Response export(@PathParam("id") String id) {
    collaborations.requireVisible(id, caller);
    StreamingOutput body = out -> export.write(id, out);
    return Response.ok(body, "application/jsonl")
        .header("Content-Disposition", "attachment; filename=\"" + id + "-log.jsonl\"")
        .build();
  }

  @POST
  @Path("/check")
  @Authenticated
  @Operation(
      summary =
          "Re-read the stored log and check it against every head the portal signed"
              + " (compliance officers and admins)")
  public Map<String, Object> check(@PathParam("id") String id) {
    collaborations.requireVisible(id, caller);
    if (!caller.seesAll()) {
      throw new PortalException(ErrorCode.ROLE_REQUIRED, "compliance officers and admins");
    }
    long[] checked = log.check(id);
    return Map.of("entries", checked[0], "heads", checked[1], "verified", true);
  }

  @POST
  @Path("/sync")
  @Authenticated
  @Operation(
      summary =
          "Bring in the key brokers' and enclaves' new signed entries now (they also come every"
              + " portal.sync-interval)")
  public io.cleanroom.portal.log.EntrySync.Result sync(@PathParam("id") String id) {
    collaborations.requireVisible(id, caller);
    return entrySync.syncAll();
  }

  private static List<String> hex(List<byte[]> path) {
    return path.stream().map(HexFormat.of()::formatHex).toList();
  }
}
