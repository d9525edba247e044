package io.cleanroom.attestation.snp;

import java.util.Map;
import java.util.Optional;

/**
 * The AMD Root Keys (ARK) trusted for SEV-SNP, pinned by the SHA-256 of their DER encoding. A
 * certificate file is accepted as a root only if it hashes to one of these.
 *
 * <p><b>Security:</b> this table is the whole of AMD trust. Adding a product means adding its ARK
 * fingerprint here, after checking it against what AMD KDS serves at {@code
 * /vcek/v1/{product}/cert_chain} from more than one vantage point.
 */
public final class AmdRoots {

  /** ARK fingerprints (SHA-256 of DER) and their products. */
  public static final Map<String, SnpProduct> ARK_FINGERPRINTS =
      Map.of(
          "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd", SnpProduct.MILAN,
          "4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1", SnpProduct.GENOA,
          "1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a", SnpProduct.TURIN);

  private AmdRoots() {}

  /** The product whose ARK has this fingerprint, if it is pinned. */
  public static Optional<SnpProduct> productOfArk(String fingerprint) {
    return Optional.ofNullable(ARK_FINGERPRINTS.get(fingerprint));
  }
}
