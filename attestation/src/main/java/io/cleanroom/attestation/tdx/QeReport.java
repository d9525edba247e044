package io.cleanroom.attestation.tdx;

import io.cleanroom.attestation.ByteReader;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The quoting enclave's SGX report body (384 bytes), signed by the PCK key inside a quote.
 *
 * @param raw the 384 bytes
 */
public record QeReport(byte[] raw) {

  public static final int SIZE = 384;

  public QeReport {
    raw = raw.clone();
  }

  public long miscSelect() {
    return ByteReader.u32At(raw, 16);
  }

  public byte[] attributes() {
    return Arrays.copyOfRange(raw, 48, 64);
  }

  public String mrEnclave() {
    return HexFormat.of().formatHex(raw, 64, 96);
  }

  public String mrSigner() {
    return HexFormat.of().formatHex(raw, 128, 160);
  }

  public int isvProdId() {
    return (raw[256] & 0xff) | (raw[257] & 0xff) << 8;
  }

  public int isvSvn() {
    return (raw[258] & 0xff) | (raw[259] & 0xff) << 8;
  }

  public byte[] reportData() {
    return Arrays.copyOfRange(raw, 320, 384);
  }
}
