package io.cleanroom.attestation.evidence;

import io.cleanroom.attestation.TeeType;
import java.util.List;

/**
 * AMD SEV-SNP evidence: the 1184-byte attestation report and any certificates that came with it
 * (VCEK or VLEK, ASK or ASVK, ARK; DER), e.g. from an extended report or a configfs-tsm auxblob.
 *
 * @param report the raw ATTESTATION_REPORT
 * @param certificates DER certificates shipped with the report, in any order (may be empty)
 */
public record SnpEvidence(byte[] report, List<byte[]> certificates) implements Evidence {

  public SnpEvidence {
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
    return TeeType.SNP;
  }
}
