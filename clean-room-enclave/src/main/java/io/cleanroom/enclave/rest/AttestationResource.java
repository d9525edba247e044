package io.cleanroom.enclave.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.enclave.identity.EnclaveIdentity;
import io.cleanroom.enclave.run.EnclaveException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/attestation}: the enclave's evidence, the public keys it binds, the claims the
 * enclave read from it, and whether it is simulated. With {@code ?nonce=N} (16–128 base64url
 * characters) it adds {@code freshEvidence}, collected now, binding both keys and {@code N}.
 */
@Path("/v1/attestation")
@Produces(MediaType.APPLICATION_JSON)
public class AttestationResource {

  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,128}");

  @Inject EnclaveIdentity identity;

  @GET
  public ObjectNode attestation(@QueryParam("nonce") String nonce) {
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
    if (nonce != null) {
      if (!NONCE.matcher(nonce).matches()) {
        throw new EnclaveException(
            EnclaveException.Code.MALFORMED_REQUEST,
            "nonce must be 16 to 128 base64url or hex characters");
      }
      out.put("nonce", nonce);
      out.set("freshEvidence", identity.freshEvidence(nonce));
    }
    return out;
  }
}
