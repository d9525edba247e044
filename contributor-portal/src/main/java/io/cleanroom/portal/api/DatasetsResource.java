package io.cleanroom.portal.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.portal.collab.Collaborations;
import io.cleanroom.portal.dataset.DatasetRecord;
import io.cleanroom.portal.dataset.Datasets;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sealed uploads: ciphertext only, checked without any key. */
@Path("/v1/collaborations/{id}/datasets")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets", description = "Sealed dataset uploads")
@Blocking
public class DatasetsResource {

  @Inject Caller caller;
  @Inject Collaborations collaborations;
  @Inject Datasets datasets;

  /** A version as listed. */
  public record DatasetView(
      String datasetId,
      String ownerOrg,
      String sealedDigest,
      long sizeBytes,
      long rowCount,
      String keyId,
      String uploadedBy,
      Instant uploadedAt,
      String blob,
      JsonNode header) {

    static DatasetView of(DatasetRecord r) {
      return new DatasetView(
          r.datasetId,
          r.ownerOrg,
          r.sealedDigest,
          r.sizeBytes,
          r.rowCount,
          r.keyId,
          r.uploadedBy,
          r.uploadedAt,
          "/v1/blobs/" + r.sealedDigest,
          CanonicalJson.parse(r.headerJson));
    }
  }

  @PUT
  @Path("/{dataset}")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Operation(
      summary =
          "Upload a sealed file of one of the caller's organization's datasets (a data owner):"
              + " streamed, checked without any key, kept under its SHA-256, logged as"
              + " dataset.uploaded")
  public Response upload(
      @PathParam("id") String id, @PathParam("dataset") String dataset, InputStream body) {
    String org = requireUploader(collaborations, caller, id);
    DatasetRecord r = datasets.upload(id, dataset, body, caller.name(), org);
    return Response.status(201).entity(DatasetView.of(r)).build();
  }

  /**
   * The organization {@code caller} uploads for in collaboration {@code id}: a data owner of a
   * member organization with the data-owner role there (the PUT's and resumable uploads' rule).
   */
  static String requireUploader(Collaborations collaborations, Caller caller, String id) {
    return collaborations.requireActingAs(id, caller, Caller.DATA_OWNER).org;
  }

  @GET
  @Operation(summary = "Every uploaded version, newest first (headers only; no key needed)")
  public List<DatasetView> list(@PathParam("id") String id) {
    collaborations.requireVisible(id, caller);
    return datasets.list(id).stream().map(DatasetView::of).toList();
  }

  @GET
  @Path("/{dataset}/versions/{digest}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @Operation(summary = "A version's sealed bytes")
  public Response download(
      @PathParam("id") String id,
      @PathParam("dataset") String dataset,
      @PathParam("digest") String digest) {
    collaborations.requireVisible(id, caller);
    DatasetRecord r = datasets.require(id, digest);
    if (!r.datasetId.equals(dataset)) {
      throw new PortalException(ErrorCode.NOT_FOUND, "no such version");
    }
    return BlobsResource.octets(datasets, digest);
  }
}
