package io.cleanroom.attestation.evidence;

import io.cleanroom.attestation.TeeType;

/**
 * Attestation evidence from one TEE, as bytes the TEE produced plus the certificates and collateral
 * that travel with it.
 *
 * <p><b>Security:</b> every field is untrusted input until a verifier has checked it; nothing here
 * is validated beyond its shape.
 */
public sealed interface Evidence permits SnpEvidence, TdxEvidence, SimulatedEvidence {

  /** The TEE type this evidence claims to come from; it selects the verifier. */
  TeeType tee();
}
