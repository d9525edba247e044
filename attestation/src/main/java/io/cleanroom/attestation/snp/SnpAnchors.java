package io.cleanroom.attestation.snp;

import io.cleanroom.attestation.verify.Certs;
import java.util.Map;
import java.util.Optional;

/**
 * The roots an SNP verifier accepts, by SHA-256 fingerprint, with the product each stands for.
 *
 * <p><b>Security:</b> {@link #amd()} is the pinned AMD set; {@link #simulated} holds exactly one
 * locally generated root and marks everything verified under it as simulated. The two are never
 * mixed in one verifier.
 *
 * @param roots fingerprint to product
 * @param simulated whether these are simulated roots
 */
public record SnpAnchors(Map<String, SnpProduct> roots, boolean simulated) {

  public SnpAnchors {
    roots = Map.copyOf(roots);
  }

  /** The pinned AMD ARKs. */
  public static SnpAnchors amd() {
    return new SnpAnchors(AmdRoots.ARK_FINGERPRINTS, false);
  }

  /** One simulated root (DER) standing for the given product's layout. */
  public static SnpAnchors simulated(byte[] rootDer, SnpProduct product) {
    return new SnpAnchors(Map.of(Certs.fingerprint(rootDer), product), true);
  }

  /** The product of a pinned root. */
  public Optional<SnpProduct> product(String fingerprint) {
    return Optional.ofNullable(roots.get(fingerprint));
  }
}
