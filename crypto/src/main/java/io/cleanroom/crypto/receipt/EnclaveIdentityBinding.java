package io.cleanroom.crypto.receipt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.hpke.EnclavePublicKey;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import java.util.Base64;

/**
 * The binding of an enclave's two public keys into the attestation evidence it collects at start:
 * REPORT_DATA = SHA-512 of the canonical JSON of
 *
 * <pre>{@code
 * {"format": "cleanroom.enclave-identity.v1", "hpkePublicKey": "<base64url X25519>",
 *  "signingKey": "<base64url Ed25519>"}
 * }</pre>
 *
 * <p>A verifier that wants fresh evidence asks {@code GET /v1/attestation?nonce=...}; that evidence
 * binds the same document with a {@code "nonce"} member added.
 *
 * <p><b>Security:</b> whoever verifies the evidence (and appraises its measurement) and finds this
 * REPORT_DATA learns that both keys were generated inside that enclave build; a receipt signed by
 * {@code signingKey} then comes from it. The {@code format} member keeps this binding apart from
 * the key release's runtime data, whose REPORT_DATA is computed the same way.
 */
public final class EnclaveIdentityBinding {

  /** The value of the {@code format} member. */
  public static final String FORMAT = "cleanroom.enclave-identity.v1";

  private EnclaveIdentityBinding() {}

  /** The JSON document whose SHA-512 is the REPORT_DATA. */
  public static ObjectNode document(EnclavePublicKey hpkePublicKey, byte[] signingKey) {
    ObjectNode doc = CanonicalJson.mapper().createObjectNode();
    doc.put("format", FORMAT);
    doc.put("hpkePublicKey", hpkePublicKey.toBase64Url());
    doc.put("signingKey", Base64.getUrlEncoder().withoutPadding().encodeToString(signingKey));
    return doc;
  }

  /** The 64 bytes of REPORT_DATA binding both keys. */
  public static byte[] reportData(EnclavePublicKey hpkePublicKey, byte[] signingKey) {
    return Digests.sha512(CanonicalJson.toBytes(document(hpkePublicKey, signingKey)));
  }

  /**
   * The document binding both keys and a verifier's {@code nonce} (its freshness): the same members
   * plus {@code "nonce"}.
   */
  public static ObjectNode document(
      EnclavePublicKey hpkePublicKey, byte[] signingKey, String nonce) {
    return document(hpkePublicKey, signingKey).put("nonce", nonce);
  }

  /** The 64 bytes of REPORT_DATA binding both keys and {@code nonce}. */
  public static byte[] reportData(EnclavePublicKey hpkePublicKey, byte[] signingKey, String nonce) {
    return Digests.sha512(CanonicalJson.toBytes(document(hpkePublicKey, signingKey, nonce)));
  }
}
