package io.cleanroom.portal.api;

import io.cleanroom.portal.dataset.Datasets;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Sealed files by their SHA-256, without sign-in: the enclave fetches its inputs here (it has no
 * token; it authenticates by attestation, to the key brokers). Only ciphertext is served, and only
 * to whoever knows a file's digest (from the contract or the log); the enclave checks every byte
 * against the contract's digest before it asks for a key.
 */
@Path("/v1/blobs")
@Tag(name = "datasets")
@Blocking
public class BlobsResource {

  @Inject Datasets datasets;

  @GET
  @Path("/{sha256}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @Operation(summary = "A sealed file by its SHA-256 (ciphertext; no sign-in)")
  public Response blob(@PathParam("sha256") String sha256) {
    return octets(datasets, sha256);
  }

  /**
   * The kept blob of {@code sha256}, streamed (opened first, so that a missing one is {@code
   * NOT_FOUND} before any byte is sent).
   */
  static Response octets(Datasets datasets, String sha256) {
    InputStream in = datasets.open(sha256);
    StreamingOutput out =
        o -> {
          try (in) {
            in.transferTo(o);
          }
        };
    return Response.ok(out, MediaType.APPLICATION_OCTET_STREAM).build();
  }
}
