package io.cleanroom.attestation.snp;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.ByteReader;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A parsed SEV-SNP ATTESTATION_REPORT (AMD SEV-SNP ABI, table "ATTESTATION_REPORT Structure"),
 * versions 2 to 5: 1184 bytes, ECDSA P-384 signature over bytes 0x000-0x29F with r and s stored
 * little-endian in 72-byte fields at 0x2A0 and 0x2E8.
 *
 * <p><b>Security:</b> parsing checks only the shape; nothing here is authentic until {@link
 * SnpVerifier} has checked the signature and the chain.
 */
public final class SnpReport {

  /** Size of a report. */
  public static final int SIZE = 0x4A0;

  /** Length of the signed part. */
  public static final int SIGNED_LENGTH = 0x2A0;

  private static final HexFormat HEX = HexFormat.of();
  private static final long POLICY_DEBUG = 1L << 19;

  private final byte[] raw;

  private SnpReport(byte[] raw) {
    this.raw = raw;
  }

  /** Parses a report; refuses any other length, version or signature algorithm. */
  public static SnpReport parse(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw malformed("an SEV-SNP report is " + SIZE + " bytes, got " + bytes.length);
    }
    SnpReport r = new SnpReport(bytes.clone());
    int v = r.version();
    if (v < 2 || v > 5) {
      throw new AttestationException(
          AttestationException.Code.UNSUPPORTED_VERSION, "SEV-SNP report version " + v);
    }
    if (r.u32(0x34) != 1) {
      throw malformed("signature algorithm " + r.u32(0x34) + " is not ECDSA P-384 with SHA-384");
    }
    int keySel = r.signingKeySelector();
    if (keySel != 0 && keySel != 1) {
      throw malformed("signing key selector " + keySel + " (no VCEK or VLEK signature)");
    }
    return r;
  }

  /** The raw report (copy). */
  public byte[] bytes() {
    return raw.clone();
  }

  /** The raw array, not copied: for signature checks inside this package. */
  byte[] rawUnsafe() {
    return raw;
  }

  public int version() {
    return (int) u32(0x00);
  }

  public long guestSvn() {
    return u32(0x04);
  }

  public long policy() {
    return ByteReader.u64At(raw, 0x08);
  }

  /** Policy bit 19: debugging allowed. */
  public boolean debug() {
    return (policy() & POLICY_DEBUG) != 0;
  }

  public long vmpl() {
    return u32(0x30);
  }

  public long platformInfo() {
    return ByteReader.u64At(raw, 0x40);
  }

  /** Bits 4:2 of the flags word: 0 = VCEK, 1 = VLEK. */
  public int signingKeySelector() {
    return (int) (u32(0x48) >>> 2) & 0x7;
  }

  /** Flags bit 1: CHIP_ID is masked (zero). */
  public boolean maskChipKey() {
    return (u32(0x48) & 0x2) != 0;
  }

  public long currentTcbRaw() {
    return ByteReader.u64At(raw, 0x38);
  }

  public long reportedTcbRaw() {
    return ByteReader.u64At(raw, 0x180);
  }

  public long committedTcbRaw() {
    return ByteReader.u64At(raw, 0x1E0);
  }

  public long launchTcbRaw() {
    return ByteReader.u64At(raw, 0x1F0);
  }

  /** The CPUID family/model the firmware reports (versions 3 and later). */
  public Optional<int[]> cpuid() {
    if (version() < 3) {
      return Optional.empty();
    }
    return Optional.of(new int[] {raw[0x188] & 0xff, raw[0x189] & 0xff, raw[0x18A] & 0xff});
  }

  public String familyId() {
    return hex(0x10, 16);
  }

  public String imageId() {
    return hex(0x20, 16);
  }

  public String reportData() {
    return hex(0x50, 64);
  }

  public String measurement() {
    return hex(0x90, 48);
  }

  public String hostData() {
    return hex(0xC0, 32);
  }

  public String idKeyDigest() {
    return hex(0xE0, 48);
  }

  public String authorKeyDigest() {
    return hex(0x110, 48);
  }

  public String reportId() {
    return hex(0x140, 32);
  }

  /** CHIP_ID (64 bytes). */
  public byte[] chipId() {
    return Arrays.copyOfRange(raw, 0x1A0, 0x1E0);
  }

  /** The current firmware version as major.minor.build. */
  public String firmware() {
    return (raw[0x1EA] & 0xff) + "." + (raw[0x1E9] & 0xff) + "." + (raw[0x1E8] & 0xff);
  }

  /**
   * The signature as P1363 r || s (2 x 48 bytes, big-endian), or empty when a component does not
   * fit in 48 bytes (its high bytes are not zero).
   */
  public Optional<byte[]> signatureP1363() {
    byte[] out = new byte[96];
    for (int part = 0; part < 2; part++) {
      int base = 0x2A0 + part * 72;
      for (int i = 48; i < 72; i++) {
        if (raw[base + i] != 0) {
          return Optional.empty();
        }
      }
      for (int i = 0; i < 48; i++) {
        out[part * 48 + i] = raw[base + 47 - i];
      }
    }
    return Optional.of(out);
  }

  private long u32(int off) {
    return ByteReader.u32At(raw, off);
  }

  private String hex(int off, int len) {
    return HEX.formatHex(raw, off, off + len);
  }

  private static AttestationException malformed(String message) {
    return new AttestationException(AttestationException.Code.MALFORMED_EVIDENCE, message);
  }
}
