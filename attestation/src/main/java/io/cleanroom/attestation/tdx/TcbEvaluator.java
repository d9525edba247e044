package io.cleanroom.attestation.tdx;

import io.cleanroom.attestation.evidence.Check;
import io.cleanroom.attestation.evidence.TcbStatus;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates a TDX platform's TCB against Intel's TCB info and QE identity, as Intel's quote
 * verification library does: the first TCB level whose SGX components and PCESVN the PCK
 * certificate meets and whose TDX components TEE_TCB_SVN meets (skipping the two module bytes when
 * TEE_TCB_SVN[1] > 0) gives the platform status; the TDX module identity ({@code TDX_%02X} of
 * TEE_TCB_SVN[1]) and the QE identity may lower it to OutOfDate or Revoked.
 */
final class TcbEvaluator {

  /** A status with its advisories and what led to it. */
  record Outcome(TcbStatus status, List<String> advisories, String detail) {}

  private TcbEvaluator() {}

  static Outcome platform(TcbInfo info, PckExtensions pck, byte[] teeTcbSvn) {
    int[] sgx = pck.sgxComponents();
    int start = (teeTcbSvn[1] & 0xff) > 0 ? 2 : 0;
    for (TcbInfo.Level l : info.levels()) {
      boolean sgxOk = pck.pceSvn() >= l.pceSvn();
      for (int i = 0; i < 16 && sgxOk; i++) {
        sgxOk = sgx[i] >= l.sgx()[i];
      }
      boolean tdxOk = true;
      for (int i = start; i < 16 && tdxOk; i++) {
        tdxOk = (teeTcbSvn[i] & 0xff) >= l.tdx()[i];
      }
      if (sgxOk && tdxOk) {
        return new Outcome(
            l.status(),
            l.advisories(),
            "level pcesvn "
                + l.pceSvn()
                + " sgx "
                + Arrays.toString(l.sgx())
                + " tdx "
                + Arrays.toString(l.tdx()));
      }
    }
    return new Outcome(
        TcbStatus.NO_MATCHING_TCB_LEVEL,
        List.of(),
        "PCK sgx "
            + Arrays.toString(sgx)
            + " pcesvn "
            + pck.pceSvn()
            + " and TEE_TCB_SVN "
            + HexFormat.of().formatHex(teeTcbSvn)
            + " meet no TCB level");
  }

  /** Checks the TDX module identity; returns its status, or empty when it does not match. */
  static Optional<TcbStatus> module(
      TcbInfo info, TdxQuote q, byte[] teeTcbSvn, List<Check> checks) {
    int major = teeTcbSvn[1] & 0xff;
    String id = String.format("TDX_%02X", major);
    Optional<TcbInfo.ModuleIdentity> m =
        major > 0
            ? info.moduleIdentities().stream().filter(x -> x.id().equalsIgnoreCase(id)).findFirst()
            : info.tdxModule();
    if (m.isEmpty()) {
      checks.add(Check.fail("tdx_module", "TCB info has no identity for TDX module " + id));
      return Optional.empty();
    }
    byte[] signer = HexFormat.of().parseHex(q.mrSignerSeam());
    byte[] attrs = HexFormat.of().parseHex(q.seamAttributes());
    boolean ok =
        Arrays.equals(signer, m.get().mrSigner())
            && masked(attrs, m.get().attributesMask(), m.get().attributes());
    if (!ok) {
      checks.add(Check.fail("tdx_module", "MRSIGNERSEAM or SEAM attributes differ from " + id));
      return Optional.empty();
    }
    if (major == 0 || m.get().levels().isEmpty()) {
      checks.add(Check.pass("tdx_module", "TDX module identity " + m.get().id() + " matches"));
      return Optional.of(TcbStatus.UP_TO_DATE);
    }
    int isvSvn = teeTcbSvn[0] & 0xff;
    Optional<TcbStatus> s =
        m.get().levels().stream()
            .filter(l -> isvSvn >= l.isvSvn())
            .map(TcbInfo.ModuleLevel::status)
            .findFirst();
    checks.add(
        new Check(
            "tdx_module",
            s.isPresent(),
            id + " isvsvn " + isvSvn + ": " + s.map(TcbStatus::label).orElse("no matching level")));
    return s;
  }

  /** Checks the QE report against the QE identity; returns the QE's TCB status. */
  static Optional<TcbStatus> qe(QeIdentity id, QeReport r, List<Check> checks) {
    boolean ok =
        id.mrSigner().equals(r.mrSigner())
            && id.isvProdId() == r.isvProdId()
            && (r.miscSelect() & id.miscSelectMask()) == (id.miscSelect() & id.miscSelectMask())
            && masked(r.attributes(), id.attributesMask(), id.attributes());
    if (!ok) {
      checks.add(Check.fail("qe_identity", "the QE report does not match Intel's TD_QE identity"));
      return Optional.empty();
    }
    Optional<TcbStatus> s =
        id.levels().stream()
            .filter(l -> r.isvSvn() >= l.isvSvn())
            .map(TcbInfo.ModuleLevel::status)
            .findFirst();
    checks.add(
        new Check(
            "qe_identity",
            s.isPresent(),
            "TD_QE isvsvn "
                + r.isvSvn()
                + ": "
                + s.map(TcbStatus::label).orElse("no matching level")));
    return s;
  }

  /** Lowers the platform status by a module or QE status, as Intel's library converges them. */
  static TcbStatus converge(TcbStatus platform, TcbStatus other) {
    if (other == TcbStatus.REVOKED || platform == TcbStatus.REVOKED) {
      return TcbStatus.REVOKED;
    }
    if (other == TcbStatus.OUT_OF_DATE || other == TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED) {
      return switch (platform) {
        case UP_TO_DATE, SW_HARDENING_NEEDED -> TcbStatus.OUT_OF_DATE;
        case CONFIGURATION_NEEDED, CONFIGURATION_AND_SW_HARDENING_NEEDED ->
            TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
        default -> platform;
      };
    }
    return platform;
  }

  private static boolean masked(byte[] value, byte[] mask, byte[] expected) {
    if (value.length < mask.length || expected.length != mask.length) {
      return false;
    }
    for (int i = 0; i < mask.length; i++) {
      if ((value[i] & mask[i]) != (expected[i] & mask[i])) {
        return false;
      }
    }
    return true;
  }
}
