package io.cleanroom.attestation.snp;

import java.util.Optional;

/** The AMD EPYC generations whose SEV-SNP evidence is verified; they differ in TCB layout. */
public enum SnpProduct {
  MILAN("Milan"),
  GENOA("Genoa"),
  TURIN("Turin");

  private final String kdsName;

  SnpProduct(String kdsName) {
    this.kdsName = kdsName;
  }

  /** The name AMD KDS uses in URLs and certificate subjects ("Milan", "Genoa", "Turin"). */
  public String kdsName() {
    return kdsName;
  }

  /** True for Turin and later: TCB has an FMC component and CHIP_ID is 8 bytes in the VCEK. */
  public boolean turinLayout() {
    return this == TURIN;
  }

  /** The product for a VCEK productName extension ("Milan-B0", "Genoa", "Turin"...). */
  public static Optional<SnpProduct> fromName(String name) {
    for (SnpProduct p : values()) {
      if (name.regionMatches(true, 0, p.kdsName, 0, p.kdsName.length())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The product for a report's CPUID family and model (report version 3 and later). */
  public static Optional<SnpProduct> fromCpuid(int family, int model) {
    if (family == 0x19) {
      if (model <= 0x0f) {
        return Optional.of(MILAN);
      }
      if (model <= 0x1f || (model >= 0xa0 && model <= 0xaf)) {
        return Optional.of(GENOA);
      }
    }
    if (family == 0x1a) {
      return Optional.of(TURIN);
    }
    return Optional.empty();
  }
}
