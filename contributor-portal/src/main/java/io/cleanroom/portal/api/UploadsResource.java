package io.cleanroom.portal.api;

import io.cleanroom.portal.collab.Collaborations;
import io.cleanroom.portal.dataset.DatasetRecord;
import io.cleanroom.portal.dataset.OffsetMismatchException;
import io.cleanroom.portal.dataset.UploadRecord;
import io.cleanroom.portal.dataset.Uploads;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Resumable uploads of sealed files (tus.io's core protocol with JSON bodies): open, append chunks
 * at the upload's offset, complete (checked exactly as the one-shot PUT), or abandon. Same roles as
 * the PUT; an upload is visible only to the organization that opened it, in its collaboration and
 * dataset.
 */
@Path("/v1/collaborations/{id}/datasets/{dataset}/uploads")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets")
@Blocking
public class UploadsResource {

  /** tus.io's chunk media type (plain octet-stream is accepted too). */
  public static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

  /** The header naming a chunk's offset (and, in answers, the upload's). */
  public static final String UPLOAD_OFFSET = "Upload-Offset";

  @Inject Caller caller;
  @Inject Collaborations collaborations;
  @Inject Uploads uploads;

  /** What opening an upload asks for: the total size, if known. */
  public record OpenRequest(Long size) {}

  /** An upload: where to resume, its announced size, its expiry and the largest chunk. */
  public record UploadView(
      String uploadId, long offset, Long size, Instant expiresAt, long maxChunkBytes) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Open a resumable upload of one of the caller's organization's datasets")
  public Response open(
      @PathParam("id") String id, @PathParam("dataset") String dataset, OpenRequest request) {
    String org = DatasetsResource.requireUploader(collaborations, caller, id);
    UploadRecord u =
        uploads.open(id, dataset, org, caller.name(), request == null ? null : request.size());
    return Response.created(
            UriBuilder.fromPath("/v1/collaborations/{id}/datasets/{dataset}/uploads/{upload}")
                .build(id, dataset, u.id))
        .header(UPLOAD_OFFSET, u.receivedBytes)
        .entity(view(u))
        .build();
  }

  @GET
  @Path("/{upload}")
  @Operation(summary = "Where an upload stands: its offset (where to resume), size and expiry")
  public Response status(
      @PathParam("id") String id,
      @PathParam("dataset") String dataset,
      @PathParam("upload") String upload) {
    UploadRecord u = own(id, dataset, upload);
    return Response.ok(view(u)).header(UPLOAD_OFFSET, u.receivedBytes).build();
  }

  @PATCH
  @Path("/{upload}")
  @Consumes({OFFSET_OCTET_STREAM, MediaType.APPLICATION_OCTET_STREAM})
  @Operation(
      summary =
          "Append a chunk at the upload's offset (header Upload-Offset); another offset is"
              + " OFFSET_MISMATCH and nothing is written")
  public Response append(
      @PathParam("id") String id,
      @PathParam("dataset") String dataset,
      @PathParam("upload") String upload,
      @HeaderParam(UPLOAD_OFFSET) Long offset,
      @HeaderParam("Content-Length") Long contentLength,
      InputStream body) {
    UploadRecord u = own(id, dataset, upload);
    if (offset == null || offset < 0) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "Upload-Offset is required");
    }
    UploadRecord after =
        uploads.append(
            u,
            offset,
            body,
            contentLength == null ? OptionalLong.empty() : OptionalLong.of(contentLength));
    return Response.ok(view(after)).header(UPLOAD_OFFSET, after.receivedBytes).build();
  }

  @POST
  @Path("/{upload}/complete")
  @Operation(
      summary =
          "Complete an upload: checked exactly as the PUT (kept and logged as dataset.uploaded, or"
              + " DATASET_INVALID and deleted)")
  public Response complete(
      @PathParam("id") String id,
      @PathParam("dataset") String dataset,
      @PathParam("upload") String upload) {
    UploadRecord u = own(id, dataset, upload);
    DatasetRecord r = uploads.complete(u, caller.name());
    return Response.status(201).entity(DatasetsResource.DatasetView.of(r)).build();
  }

  @DELETE
  @Path("/{upload}")
  @Operation(summary = "Abandon an upload; its bytes are deleted")
  public Response abandon(
      @PathParam("id") String id,
      @PathParam("dataset") String dataset,
      @PathParam("upload") String upload) {
    uploads.abandon(own(id, dataset, upload));
    return Response.noContent().build();
  }

  /** {@code 409 OFFSET_MISMATCH} with the upload's {@code offset} (and its header). */
  @ServerExceptionMapper
  public Response offsetMismatch(OffsetMismatchException e) {
    Response problem = ErrorMapper.problem(ErrorCode.OFFSET_MISMATCH, null);
    @SuppressWarnings("unchecked")
    Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) problem.getEntity());
    body.put("offset", e.offset());
    return Response.fromResponse(problem).entity(body).header(UPLOAD_OFFSET, e.offset()).build();
  }

  private UploadRecord own(String id, String dataset, String upload) {
    String org = DatasetsResource.requireUploader(collaborations, caller, id);
    return uploads.require(id, dataset, org, upload);
  }

  private UploadView view(UploadRecord u) {
    return new UploadView(
        u.id, u.receivedBytes, u.declaredSize, u.expiresAt, uploads.maxChunkBytes());
  }
}
