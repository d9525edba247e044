package io.cleanroom.attestation;

import java.util.Locale;

/** The kinds of trusted execution environment whose evidence this module verifies. */
public enum TeeType {
  /** AMD SEV-SNP confidential VM. */
  SNP("snp"),
  /** Intel TDX trust domain. */
  TDX("tdx"),
  /**
   * The simulated TEE: SEV-SNP-format evidence signed by a locally generated chain. Never
   * confidential; trusted only when its root is configured explicitly.
   */
  SIM("sim");

  private final String id;

  TeeType(String id) {
    this.id = id;
  }

  /** The short lower-case name used in JSON, on the command line and in policies. */
  public String id() {
    return id;
  }

  /** The type with this short name (case-insensitive). */
  public static TeeType fromId(String id) {
    String lower = id.toLowerCase(Locale.ROOT);
    for (TeeType t : values()) {
      if (t.id.equals(lower)) {
        return t;
      }
    }
    throw new AttestationException(
        AttestationException.Code.UNSUPPORTED_TEE, "unknown TEE type '" + id + "'");
  }
}
