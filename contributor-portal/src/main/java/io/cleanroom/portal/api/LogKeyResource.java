package io.cleanroom.portal.api;

import io.cleanroom.crypto.log.SignedTreeHead;
import io.cleanroom.portal.log.LogKey;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Base64;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The portal's log key, public: verifiers pin it (docs/audit.md#keys). */
@Path("/v1/log")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "log")
public class LogKeyResource {

  @Inject LogKey logKey;

  @GET
  @Path("/key")
  @Operation(summary = "The portal's log key: it signs tree heads and the portal's own entries")
  public Map<String, String> key() {
    return Map.of(
        "signingKey",
        Base64.getUrlEncoder().withoutPadding().encodeToString(logKey.publicKey()),
        "format",
        SignedTreeHead.FORMAT);
  }
}
