package io.cleanroom.attestation.snp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TCB_VERSION value, decoded with the product's layout: Milan and Genoa pack boot loader, TEE,
 * SNP and microcode SPLs at bytes 0, 1, 6, 7; Turin packs FMC, boot loader, TEE, SNP at bytes 0-3
 * and microcode at byte 7.
 *
 * @param raw the 64-bit little-endian value as read
 * @param product the layout used
 */
public record SnpTcb(long raw, SnpProduct product) {

  /** Component names as used in claims and policies. */
  public static final String FMC = "fmc";

  public static final String BOOTLOADER = "bootloader";
  public static final String TEE = "tee";
  public static final String SNP = "snp";
  public static final String MICROCODE = "microcode";

  private int byteAt(int i) {
    return (int) (raw >>> (8 * i)) & 0xff;
  }

  public int bootloader() {
    return product.turinLayout() ? byteAt(1) : byteAt(0);
  }

  public int tee() {
    return product.turinLayout() ? byteAt(2) : byteAt(1);
  }

  public int snp() {
    return product.turinLayout() ? byteAt(3) : byteAt(6);
  }

  public int microcode() {
    return byteAt(7);
  }

  /** FMC SPL (Turin; zero before). */
  public int fmc() {
    return product.turinLayout() ? byteAt(0) : 0;
  }

  /** The components by name; {@code fmc} only for Turin. */
  public Map<String, Integer> components() {
    Map<String, Integer> m = new LinkedHashMap<>();
    if (product.turinLayout()) {
      m.put(FMC, fmc());
    }
    m.put(BOOTLOADER, bootloader());
    m.put(TEE, tee());
    m.put(SNP, snp());
    m.put(MICROCODE, microcode());
    return m;
  }

  /** Encodes components into the product's layout (used by the simulator). */
  public static SnpTcb of(SnpProduct product, int fmc, int bl, int tee, int snp, int ucode) {
    long v;
    if (product.turinLayout()) {
      v = (fmc & 0xffL) | (bl & 0xffL) << 8 | (tee & 0xffL) << 16 | (snp & 0xffL) << 24;
    } else {
      v = (bl & 0xffL) | (tee & 0xffL) << 8 | (snp & 0xffL) << 48;
    }
    v |= (ucode & 0xffL) << 56;
    return new SnpTcb(v, product);
  }

  @Override
  public String toString() {
    return components().toString();
  }
}
