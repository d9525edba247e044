package io.cleanroom.attestation;

import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.snp.SnpVerifier;
import io.cleanroom.attestation.tdx.TdxVerifier;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.attestation.verify.Verifier;
import java.time.Instant;
import java.util.Optional;

/**
 * The verifier factory: one {@link Verifier} per TEE type, chosen by the evidence's type, all
 * sharing one {@link TrustConfig}.
 *
 * <p><b>Security:</b> the {@code sim} verifier exists only when the configuration names a simulated
 * root; without it, simulated evidence is refused like any evidence of an unknown TEE.
 */
public final class Verifiers {

  private final SnpVerifier snp;
  private final TdxVerifier tdx;
  private final Optional<SnpVerifier> sim;

  public Verifiers(TrustConfig config) {
    this.snp = SnpVerifier.amd(config);
    this.tdx = new TdxVerifier(config);
    this.sim =
        config.simulatedRoot().isPresent()
            ? Optional.of(SnpVerifier.simulated(config))
            : Optional.empty();
  }

  /** The verifier for a TEE type. */
  public Verifier forTee(TeeType tee) {
    return switch (tee) {
      case SNP -> snp;
      case TDX -> tdx;
      case SIM ->
          sim.orElseThrow(
              () ->
                  new AttestationException(
                      AttestationException.Code.UNSUPPORTED_TEE,
                      "simulated evidence is refused: no simulated root is configured"));
    };
  }

  /** Verifies evidence with the verifier of its TEE type, at {@code now}. */
  public VerificationResult verify(Evidence evidence, Instant now) {
    if (evidence.tee() == TeeType.SIM && sim.isEmpty()) {
      return VerificationResult.of(
          TeeType.SIM,
          Optional.empty(),
          io.cleanroom.attestation.evidence.TcbStatus.NOT_APPLICABLE,
          java.util.List.of(
              io.cleanroom.attestation.evidence.Check.fail(
                  "trust", "simulated evidence is refused: no simulated root is configured")),
          now);
    }
    return forTee(evidence.tee()).verify(evidence, now);
  }
}
