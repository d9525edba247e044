package io.cleanroom.attestation.evidence;

/** The kind of key that signed a report or quote. */
public enum SigningKeyKind {
  /** AMD Versioned Chip Endorsement Key: unique to one chip and one TCB. */
  VCEK,
  /** AMD Versioned Loaded Endorsement Key: issued to a cloud provider, not chip-bound. */
  VLEK,
  /** Intel attestation key certified by the Provisioning Certification Key. */
  PCK
}
