package io.cleanroom.attestation.evidence;

import io.cleanroom.attestation.TeeType;
import java.util.List;

/**
 * Evidence from the simulated TEE: an SEV-SNP-format report with its locally generated certificate
 * chain. It is verified on the SNP path, but only against an explicitly configured simulated root,
 * and every claim it yields is marked simulated.
 *
 * <p><b>Security:</b> a simulated TEE protects nothing; a policy must opt in to accept it.
 *
 * @param report the raw SNP-format report
 * @param certificates DER certificates (VCEK, ASK, ARK of the simulator)
 */
public record SimulatedEvidence(byte[] report, List<byte[]> certificates) implements Evidence {

  public SimulatedEvidence {
    report = report.clone();
    certificates = certificates.stream().map(byte[]::clone).toList();
  }

  @Override
  public byte[] report() {
    return report.clone();
  }

  @Override
  public List<byte[]> certificates() {
    return certificates.stream().map(byte[]::clone).toList();
  }

  @Override
  public TeeType tee() {
    return TeeType.SIM;
  }

  /** The same bytes as SNP evidence, for the shared SNP verification path. */
  public SnpEvidence asSnp() {
    return new SnpEvidence(report, certificates);
  }
}
