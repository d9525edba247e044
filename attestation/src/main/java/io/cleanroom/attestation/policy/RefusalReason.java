package io.cleanroom.attestation.policy;

/** Why an appraisal refused evidence. Names are stable: the key broker logs and maps them. */
public enum RefusalReason {
  /** The evidence did not verify (signature, chain, collateral). */
  NOT_VERIFIED,
  /** The TEE type is not among the allowed ones. */
  TEE_NOT_ALLOWED,
  /** Simulated evidence, and the policy does not allow it. */
  SIMULATED_NOT_ALLOWED,
  /** The guest is debuggable, and the policy does not allow it. */
  DEBUG_ENABLED,
  /** The measurement (SNP MEASUREMENT, TDX MRTD) is not an allowed value. */
  MEASUREMENT_NOT_ALLOWED,
  /** HOST_DATA / MRCONFIGID is not an allowed value. */
  HOST_DATA_NOT_ALLOWED,
  /** REPORT_DATA differs from the expected binding. */
  REPORT_DATA_MISMATCH,
  /** A TCB component is below the policy's minimum. */
  TCB_BELOW_MINIMUM,
  /** The policy names a TCB component the evidence does not have. */
  TCB_COMPONENT_UNKNOWN,
  /** The TCB status is not an allowed one. */
  TCB_STATUS_NOT_ALLOWED,
  /** The verification is older than the policy's maximum evidence age. */
  EVIDENCE_TOO_OLD
}
