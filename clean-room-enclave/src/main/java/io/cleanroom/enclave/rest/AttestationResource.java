package io.cleanroom.enclave.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.enclave.identity.EnclaveIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /v1/attestation}: the enclave's evidence, the public keys it binds, the claims the
 * enclave read from it, and whether it is simulated.
 */
@Path("/v1/attestation")
@Produces(MediaType.APPLICATION_JSON)
public class AttestationResource {

  @Inject EnclaveIdentity identity;

  @GET
  public ObjectNode attestation() {
    ObjectNode out = CanonicalJson.mapper().createObjectNode();
    Views.simulation(out, identity);
    out.put("tee", identity.tee());
    out.put("collector", identity.collector().name());
    out.put("hpkePublicKey", identity.hpke().publicKey().toBase64Url());
    out.put("signingKey", identity.signing().publicKeyBase64Url());
    out.set("identityBinding", identity.identityBinding());
    out.set("evidence", identity.evidence());
    ObjectNode check = CanonicalJson.mapper().valueToTree(identity.selfCheck());
    out.set("claims", check.path("claims"));
    out.set("selfCheck", check);
    return out;
  }
}
