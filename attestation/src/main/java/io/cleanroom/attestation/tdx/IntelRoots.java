package io.cleanroom.attestation.tdx;

/**
 * The Intel SGX Root CA, pinned by the SHA-256 of its DER encoding: the root of PCK chains, CRLs,
 * TCB info and QE identity.
 *
 * <p><b>Security:</b> this constant is the whole of Intel trust. A root certificate from a quote or
 * collateral is accepted only when it hashes to it.
 */
public final class IntelRoots {

  /** SHA-256 of the Intel SGX Root CA certificate (valid 2018-05-21 to 2049-12-31). */
  public static final String SGX_ROOT_CA =
      "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

  private IntelRoots() {}
}
