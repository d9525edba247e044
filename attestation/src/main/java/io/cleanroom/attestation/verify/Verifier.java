package io.cleanroom.attestation.verify;

import io.cleanroom.attestation.TeeType;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import java.time.Instant;

/**
 * Verifies evidence of one TEE type: signatures, certificate chain to a trusted root, collateral,
 * and the consistency between them; yields claims and a TCB status.
 *
 * <p><b>Security:</b> time is an input: every certificate, CRL and collateral validity window is
 * checked at {@code now}, never at the wall clock. A verifier never throws on bad evidence; it
 * returns a result whose failed checks say why.
 */
public interface Verifier {

  /** The TEE type this verifier handles. */
  TeeType tee();

  /** Verifies the evidence at the given time. */
  VerificationResult verify(Evidence evidence, Instant now);
}
