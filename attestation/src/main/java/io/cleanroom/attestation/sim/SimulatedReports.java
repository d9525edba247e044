package io.cleanroom.attestation.sim;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.snp.SnpReport;
import io.cleanroom.attestation.snp.SnpTcb;
import io.cleanroom.attestation.verify.Certs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;

/** Lays out and signs SEV-SNP-format reports for the simulated TEE (ABI version 3 layout). */
final class SimulatedReports {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long POLICY_BASE = 0x30000L; // SMT allowed, reserved bit 17 set
  private static final long POLICY_DEBUG = 1L << 19;

  private SimulatedReports() {}

  static byte[] build(SimulatedReportRequest req, SnpTcb tcb, byte[] chipId) {
    ByteBuffer b = ByteBuffer.allocate(SnpReport.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x00, 3);
    b.putLong(0x08, POLICY_BASE | (req.debug() ? POLICY_DEBUG : 0));
    b.putInt(0x30, req.vmpl());
    b.putInt(0x34, 1); // ECDSA P-384 with SHA-384
    b.putLong(0x38, tcb.raw());
    b.putInt(0x48, 0); // signed by a VCEK
    b.put(0x50, req.reportData());
    b.put(0x90, req.measurement());
    b.put(0xC0, req.hostData());
    byte[] reportId = new byte[32];
    RANDOM.nextBytes(reportId);
    b.put(0x140, reportId);
    byte[] ff = new byte[32];
    Arrays.fill(ff, (byte) 0xff);
    b.put(0x160, ff);
    b.putLong(0x180, tcb.raw());
    b.put(0x188, (byte) 0x19).put(0x189, (byte) 0x01).put(0x18A, (byte) 0x01);
    b.put(0x1A0, chipId);
    b.putLong(0x1E0, tcb.raw());
    b.put(0x1E8, (byte) 0).put(0x1E9, (byte) 55).put(0x1EA, (byte) 1);
    b.put(0x1EC, (byte) 0).put(0x1ED, (byte) 55).put(0x1EE, (byte) 1);
    b.putLong(0x1F0, tcb.raw());
    return b.array();
  }

  /**
   * Signs bytes 0x000-0x29F and stores r and s little-endian in 72-byte fields. Bouncy Castle signs
   * (its fixed-base precomputation makes a P-384 signature several times cheaper than the JDK's),
   * as Bouncy Castle verifies.
   */
  static void sign(byte[] report, PrivateKey vcek) {
    byte[] rs;
    try {
      Signature s = Signature.getInstance("SHA384withPLAIN-ECDSA", Certs.BC);
      s.initSign(vcek);
      s.update(report, 0, SnpReport.SIGNED_LENGTH);
      rs = s.sign();
    } catch (GeneralSecurityException e) {
      throw new AttestationException(AttestationException.Code.SIMULATOR, "cannot sign", e);
    }
    for (int part = 0; part < 2; part++) {
      int base = SnpReport.SIGNED_LENGTH + part * 72;
      for (int i = 0; i < 48; i++) {
        report[base + i] = rs[part * 48 + 47 - i];
      }
    }
  }
}
