package io.cleanroom.attestation.evidence;

import io.cleanroom.attestation.AttestationException;

/**
 * The TCB status a verifier reached, with Intel's names; AMD publishes no status, so SNP evidence
 * gets {@link #NOT_APPLICABLE} and its TCB is judged by a policy's minimum per component.
 */
public enum TcbStatus {
  UP_TO_DATE("UpToDate"),
  SW_HARDENING_NEEDED("SWHardeningNeeded"),
  CONFIGURATION_NEEDED("ConfigurationNeeded"),
  CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
  OUT_OF_DATE("OutOfDate"),
  OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
  REVOKED("Revoked"),
  /** No TCB level of the collateral matches the platform: the platform is not supported. */
  NO_MATCHING_TCB_LEVEL("NoMatchingTcbLevel"),
  /** No collateral was available, so the TCB was not evaluated. */
  NOT_EVALUATED("NotEvaluated"),
  /** The vendor publishes no TCB status for this TEE (AMD SEV-SNP, simulated). */
  NOT_APPLICABLE("NotApplicable");

  private final String label;

  TcbStatus(String label) {
    this.label = label;
  }

  /** The status as Intel PCS spells it (and as printed in JSON). */
  public String label() {
    return label;
  }

  /** The status for a label (as in Intel collateral). */
  public static TcbStatus fromLabel(String label) {
    for (TcbStatus s : values()) {
      if (s.label.equalsIgnoreCase(label)) {
        return s;
      }
    }
    throw new AttestationException(
        AttestationException.Code.MALFORMED_COLLATERAL, "unknown TCB status '" + label + "'");
  }
}
