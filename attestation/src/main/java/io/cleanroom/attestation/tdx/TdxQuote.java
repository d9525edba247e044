package io.cleanroom.attestation.tdx;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.ByteReader;
import io.cleanroom.attestation.verify.Certs;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A parsed Intel TDX DCAP quote, version 4 (TD 1.0 body) or 5 (TD 1.0 or 1.5 body), with ECDSA
 * P-256 attestation key and QE certification data (type 6) holding the QE report, its signature,
 * the QE authentication data and the PCK chain (type 5, PEM). Bytes after the signature data (zero
 * padding) are ignored: sizes come from the structure, never from the file length.
 *
 * <p><b>Security:</b> parsing checks only the shape; {@link TdxVerifier} checks the signatures.
 */
public final class TdxQuote {

  static final int HEADER = 48;
  static final int TD10_BODY = 584;
  static final int TD15_BODY = 648;
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] raw;
  private final int version;
  private final int bodyOffset;
  private final int bodyLength;
  private final int signedLength;
  private final byte[] signature;
  private final byte[] attestationKey;
  private final byte[] qeReport;
  private final byte[] qeReportSignature;
  private final byte[] qeAuthData;
  private final List<byte[]> pckChain;

  private TdxQuote(byte[] raw, ByteReader r) {
    this.raw = raw;
    ByteReader h = new ByteReader(raw, 0, HEADER);
    version = h.u16();
    int keyType = h.u16();
    long teeType = h.u32();
    if (version != 4 && version != 5) {
      throw new AttestationException(
          AttestationException.Code.UNSUPPORTED_VERSION, "TDX quote version " + version);
    }
    if (keyType != 2) {
      throw malformed("attestation key type " + keyType + " is not ECDSA P-256");
    }
    if (teeType != 0x81) {
      throw malformed("TEE type 0x" + Long.toHexString(teeType) + " is not TDX");
    }
    r.skip(HEADER);
    if (version == 4) {
      bodyLength = TD10_BODY;
    } else {
      int bodyType = r.u16();
      long size = r.u32();
      int expected = bodyType == 2 ? TD10_BODY : bodyType == 3 ? TD15_BODY : -1;
      if (expected < 0 || size != expected) {
        throw malformed(
            "quote body type " + bodyType + " of " + size + " bytes is not a TD report");
      }
      bodyLength = expected;
    }
    bodyOffset = r.position();
    r.skip(bodyLength);
    signedLength = r.position();
    int sigDataLength = r.length32();
    ByteReader s = new ByteReader(raw, r.position(), sigDataLength);
    signature = s.bytes(64);
    attestationKey = s.bytes(64);
    int certType = s.u16();
    int certSize = s.length32();
    if (certType != 6) {
      throw malformed("certification data type " + certType + " (expected 6, QE report data)");
    }
    ByteReader c = new ByteReader(raw, s.position(), certSize);
    qeReport = c.bytes(QeReport.SIZE);
    qeReportSignature = c.bytes(64);
    qeAuthData = c.bytes(c.u16());
    int innerType = c.u16();
    int innerSize = c.length32();
    if (innerType != 5) {
      throw malformed("PCK certification data type " + innerType + " (expected 5, PEM chain)");
    }
    pckChain =
        Certs.pemBlocks(
            new String(c.bytes(innerSize), java.nio.charset.StandardCharsets.US_ASCII),
            "CERTIFICATE");
    if (pckChain.size() < 2) {
      throw malformed("the PCK chain has " + pckChain.size() + " certificates");
    }
  }

  /** Parses a quote; trailing bytes after the signature data are ignored. */
  public static TdxQuote parse(byte[] bytes) {
    byte[] copy = bytes.clone();
    return new TdxQuote(copy, new ByteReader(copy));
  }

  public int version() {
    return version;
  }

  /** The bytes the attestation key signed: header and body. */
  byte[] rawUnsafe() {
    return raw;
  }

  int signedLength() {
    return signedLength;
  }

  public byte[] signature() {
    return signature.clone();
  }

  /** The attestation public key, x || y (64 bytes). */
  public byte[] attestationKey() {
    return attestationKey.clone();
  }

  public QeReport qeReport() {
    return new QeReport(qeReport);
  }

  byte[] qeReportBytes() {
    return qeReport;
  }

  public byte[] qeReportSignature() {
    return qeReportSignature.clone();
  }

  public byte[] qeAuthData() {
    return qeAuthData.clone();
  }

  /** The PCK chain (DER): leaf first. */
  public List<byte[]> pckChain() {
    return pckChain.stream().map(byte[]::clone).toList();
  }

  /** A body field, hex, by offset and length within the TD report body. */
  String body(int off, int len) {
    return HEX.formatHex(raw, bodyOffset + off, bodyOffset + off + len);
  }

  byte bodyByte(int off) {
    return raw[bodyOffset + off];
  }

  public String teeTcbSvn() {
    return body(0, 16);
  }

  public String mrSeam() {
    return body(16, 48);
  }

  public String mrSignerSeam() {
    return body(64, 48);
  }

  public String seamAttributes() {
    return body(112, 8);
  }

  public String tdAttributes() {
    return body(120, 8);
  }

  /** TD_ATTRIBUTES bit 0. */
  public boolean debug() {
    return (bodyByte(120) & 1) != 0;
  }

  public String xfam() {
    return body(128, 8);
  }

  public String mrtd() {
    return body(136, 48);
  }

  public String mrConfigId() {
    return body(184, 48);
  }

  public String mrOwner() {
    return body(232, 48);
  }

  public String mrOwnerConfig() {
    return body(280, 48);
  }

  public List<String> rtmrs() {
    return List.of(body(328, 48), body(376, 48), body(424, 48), body(472, 48));
  }

  public String reportData() {
    return body(520, 64);
  }

  public Optional<String> teeTcbSvn2() {
    return bodyLength == TD15_BODY ? Optional.of(body(584, 16)) : Optional.empty();
  }

  public Optional<String> mrServiceTd() {
    return bodyLength == TD15_BODY ? Optional.of(body(600, 48)) : Optional.empty();
  }

  private static AttestationException malformed(String message) {
    return new AttestationException(AttestationException.Code.MALFORMED_EVIDENCE, message);
  }
}
