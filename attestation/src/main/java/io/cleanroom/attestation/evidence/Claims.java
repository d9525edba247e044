package io.cleanroom.attestation.evidence;

import io.cleanroom.attestation.TeeType;
import java.util.Map;

/**
 * What verified evidence says about the TEE: measurement, configuration, report data, debug state,
 * TCB and platform. Byte fields are lower-case hex.
 *
 * <p><b>Security:</b> claims are only as good as the {@link VerificationResult} they come from;
 * read them from a result whose {@code verified()} is true. Simulated claims ({@link #simulated()})
 * protect nothing.
 */
public sealed interface Claims permits SnpClaims, TdxClaims {

  /** The TEE type whose verifier produced these claims. */
  TeeType tee();

  /** The launch measurement: SNP MEASUREMENT or TDX MRTD (48 bytes, hex). */
  String measurement();

  /** Host-provided configuration: SNP HOST_DATA (32 bytes) or TDX MRCONFIGID (48 bytes), hex. */
  String hostData();

  /** The 64 bytes the guest bound into the evidence (hex). */
  String reportData();

  /** True when the guest can be debugged by the host (its memory is not confidential). */
  boolean debug();

  /** True when the evidence comes from the simulated TEE. */
  boolean simulated();

  /** An identifier of the platform: SNP CHIP_ID, TDX FMSPC plus PCK serial. */
  String platformId();

  /** The kind of key that signed the evidence. */
  SigningKeyKind signingKey();

  /** TCB components by name (e.g. {@code snp}, {@code microcode}, {@code pcesvn}) and their SVN. */
  Map<String, Integer> tcb();

  /** A JSON-ready ordered map of every claim, including {@code simulated}. */
  Map<String, Object> toJson();
}
