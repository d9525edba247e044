package io.cleanroom.attestation.verify;

import io.cleanroom.attestation.evidence.TdxCollateral;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a verifier may use besides the evidence: extra certificates (e.g. AMD ASK/ARK files), a
 * certificate cache directory, TDX collateral, the simulated root, and whether the network may be
 * used to fetch from AMD KDS or Intel PCS.
 *
 * <p><b>Security:</b> nothing here widens trust in vendor evidence: AMD ARKs and the Intel SGX Root
 * CA are pinned by fingerprint in code and certificates from these sources are only candidates. The
 * one exception is {@link #simulatedRoot()}: when present, evidence chaining to it verifies as
 * <em>simulated</em>.
 *
 * @param certificates extra DER certificates to consider (never trusted by themselves)
 * @param certCacheDir a directory of PEM/DER certificates (read, and written when fetching)
 * @param collateral TDX collateral used when the evidence brings none
 * @param simulatedRoot the simulated TEE's root certificate (DER), if it is to be trusted
 * @param networkAllowed whether AMD KDS / Intel PCS may be contacted (off by default)
 */
public record TrustConfig(
    List<byte[]> certificates,
    Optional<Path> certCacheDir,
    TdxCollateral collateral,
    Optional<byte[]> simulatedRoot,
    boolean networkAllowed) {

  public TrustConfig {
    certificates = certificates.stream().map(byte[]::clone).toList();
    simulatedRoot = simulatedRoot.map(byte[]::clone);
  }

  /** Pinned vendor roots only; no cache, no collateral, no simulator, no network. */
  public static TrustConfig defaults() {
    return new TrustConfig(
        List.of(), Optional.empty(), TdxCollateral.empty(), Optional.empty(), false);
  }

  /** With more candidate certificates. */
  public TrustConfig withCertificates(List<byte[]> more) {
    List<byte[]> all = new ArrayList<>(certificates);
    all.addAll(more);
    return new TrustConfig(all, certCacheDir, collateral, simulatedRoot, networkAllowed);
  }

  /** With a certificate cache directory. */
  public TrustConfig withCertCacheDir(Path dir) {
    return new TrustConfig(
        certificates, Optional.of(dir), collateral, simulatedRoot, networkAllowed);
  }

  /** With TDX collateral used when the evidence has none (parts the evidence lacks). */
  public TrustConfig withCollateral(TdxCollateral c) {
    return new TrustConfig(certificates, certCacheDir, c, simulatedRoot, networkAllowed);
  }

  /** Trusting the simulated TEE whose root certificate (DER) this is. */
  public TrustConfig withSimulatedRoot(byte[] rootDer) {
    return new TrustConfig(
        certificates, certCacheDir, collateral, Optional.of(rootDer), networkAllowed);
  }

  /**
   * Trusting the simulated TEE whose root certificate is the first one in this PEM or DER file (as
   * {@code cleanroom attestation simulator init} writes it).
   *
   * @throws IllegalArgumentException when the file cannot be read or holds no certificate
   */
  public TrustConfig withSimulatedRootFile(Path file) {
    List<byte[]> certs;
    try {
      certs = Certs.splitCertificates(java.nio.file.Files.readAllBytes(file));
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read the simulated TEE's root " + file, e);
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException("no certificate in " + file);
    }
    return withSimulatedRoot(certs.get(0));
  }

  /** Allowing (or not) fetches from AMD KDS and Intel PCS. */
  public TrustConfig withNetwork(boolean allowed) {
    return new TrustConfig(certificates, certCacheDir, collateral, simulatedRoot, allowed);
  }
}
