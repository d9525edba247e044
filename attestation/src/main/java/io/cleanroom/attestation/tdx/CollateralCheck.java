package io.cleanroom.attestation.tdx;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.evidence.Check;
import io.cleanroom.attestation.evidence.SignedJson;
import io.cleanroom.attestation.evidence.TcbStatus;
import io.cleanroom.attestation.evidence.TdxCollateral;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.Certs.ParsedCert;
import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.X509CRLHolder;

/**
 * Checks a TDX quote against its collateral at {@code now}: the CRLs (PCK CA's and root's), the TCB
 * signing chain, the signed TCB info and QE identity, and evaluates the TCB status.
 */
final class CollateralCheck {

  private final TdxCollateral c;
  private final List<ParsedCert> chain;
  private final PckExtensions pck;
  private final TdxQuote quote;
  private final Instant now;
  private final List<Check> checks;

  CollateralCheck(
      TdxCollateral c,
      List<ParsedCert> chain,
      PckExtensions pck,
      TdxQuote quote,
      Instant now,
      List<Check> checks) {
    this.c = c;
    this.chain = chain;
    this.pck = pck;
    this.quote = quote;
    this.now = now;
    this.checks = checks;
  }

  /** Runs the collateral checks and returns the TCB status. */
  TcbStatus evaluate() {
    ParsedCert root = chain.get(chain.size() - 1);
    ParsedCert pckCa = chain.get(1);
    try {
      crl("pck_crl", c.pckCrl(), pckCa, chain.get(0));
      crl("root_crl", c.rootCrl(), root, pckCa);
      if (c.tcbInfo().isEmpty()) {
        checks.add(Check.pass("tcb_info", "no TCB info supplied: TCB not evaluated"));
        return TcbStatus.NOT_EVALUATED;
      }
      Optional<ParsedCert> signer = tcbSigner(root);
      TcbInfo info = TcbInfo.parse(c.tcbInfo().get().body());
      signature("tcb_info_signature", c.tcbInfo().get(), signer);
      window(
          "tcb_info",
          info.issueDate(),
          info.nextUpdate(),
          info.fmspc().equals(pck.fmspc()) && info.pceId().equals(pck.pceId()),
          "FMSPC " + info.fmspc() + " PCE " + info.pceId());
      return status(info, signer);
    } catch (AttestationException e) {
      checks.add(Check.fail("collateral", e.getMessage()));
      return TcbStatus.NOT_EVALUATED;
    }
  }

  private TcbStatus status(TcbInfo info, Optional<ParsedCert> signer) {
    byte[] teeTcbSvn = HexFormat.of().parseHex(quote.teeTcbSvn());
    TcbEvaluator.Outcome platform = TcbEvaluator.platform(info, pck, teeTcbSvn);
    boolean supported =
        platform.status() != TcbStatus.NO_MATCHING_TCB_LEVEL
            && platform.status() != TcbStatus.REVOKED;
    checks.add(
        new Check(
            "tcb_level",
            supported,
            platform.status().label()
                + " ("
                + platform.detail()
                + ")"
                + (platform.advisories().isEmpty() ? "" : " advisories " + platform.advisories())));
    TcbStatus status = platform.status();
    if (!supported) {
      return status;
    }
    Optional<TcbStatus> module = TcbEvaluator.module(info, quote, teeTcbSvn, checks);
    status = TcbEvaluator.converge(status, module.orElse(TcbStatus.UP_TO_DATE));
    if (c.qeIdentity().isEmpty()) {
      checks.add(Check.pass("qe_identity", "no QE identity supplied: QE TCB not evaluated"));
      return status;
    }
    QeIdentity qe = QeIdentity.parse(c.qeIdentity().get().body());
    signature("qe_identity_signature", c.qeIdentity().get(), signer);
    window("qe_identity_validity", qe.issueDate(), qe.nextUpdate(), true, "TD_QE");
    Optional<TcbStatus> qeStatus = TcbEvaluator.qe(qe, quote.qeReport(), checks);
    return TcbEvaluator.converge(status, qeStatus.orElse(TcbStatus.REVOKED));
  }

  private Optional<ParsedCert> tcbSigner(ParsedCert root) {
    if (c.tcbSigningChain().isEmpty()) {
      checks.add(Check.fail("tcb_signing_chain", "no TCB signing certificate supplied"));
      return Optional.empty();
    }
    ParsedCert signer = Certs.parse(c.tcbSigningChain().get(0));
    boolean ok = Certs.signedBy(signer, root) && signer.subjectCn().contains("TCB Signing");
    boolean valid = signer.validAt(now);
    checks.add(
        new Check(
            "tcb_signing_chain",
            ok && valid,
            "'"
                + signer.subjectCn()
                + "'"
                + (ok ? " is signed by the pinned root" : " is not signed by the pinned root")
                + (valid
                    ? ""
                    : "; valid "
                        + signer.notBefore()
                        + " .. "
                        + signer.notAfter()
                        + ", not at "
                        + now)));
    if (ok) {
      c.rootCrl().ifPresent(crl -> crl("tcb_signing_crl", Optional.of(crl), root, signer));
    }
    return ok ? Optional.of(signer) : Optional.empty();
  }

  private void signature(String name, SignedJson json, Optional<ParsedCert> signer) {
    boolean ok =
        signer.isPresent()
            && Certs.verifyRawEcdsaCached(signer.get(), "SHA256", json.body(), json.signature());
    checks.add(new Check(name, ok, ok ? "verifies with the TCB signing key" : "does not verify"));
  }

  private void window(String name, Instant issued, Instant next, boolean matches, String what) {
    boolean inTime = !now.isBefore(issued) && !now.isAfter(next);
    checks.add(
        new Check(
            name,
            inTime && matches,
            what
                + (matches ? "" : " does not match the PCK certificate")
                + ", issued "
                + issued
                + ", next update "
                + next
                + (inTime ? "" : ": not valid at " + now)));
  }

  private void crl(String name, Optional<byte[]> der, ParsedCert issuer, ParsedCert subject) {
    if (der.isEmpty()) {
      checks.add(Check.pass(name, "no CRL supplied: revocation not checked"));
      return;
    }
    X509CRLHolder crl;
    try {
      crl = new X509CRLHolder(der.get());
    } catch (IOException | RuntimeException e) {
      checks.add(Check.fail(name, "malformed CRL"));
      return;
    }
    if (!Certs.sameName(crl.getIssuer(), issuer.holder().getSubject())) {
      checks.add(
          Check.fail(
              name,
              "CRL of '" + Certs.cn(crl.getIssuer()) + "', not of '" + issuer.subjectCn() + "'"));
      return;
    }
    boolean signed = Certs.crlSignedBy(der.get(), crl, issuer);
    Instant thisUpdate = crl.getThisUpdate().toInstant();
    Instant next = crl.getNextUpdate() == null ? Instant.MAX : crl.getNextUpdate().toInstant();
    boolean inTime = !now.isBefore(thisUpdate) && !now.isAfter(next);
    boolean revoked = crl.getRevokedCertificate(subject.holder().getSerialNumber()) != null;
    checks.add(
        new Check(
            name,
            signed && inTime && !revoked,
            "CRL of '"
                + issuer.subjectCn()
                + "' "
                + thisUpdate
                + " .. "
                + next
                + (signed ? "" : ": bad signature")
                + (inTime ? "" : ": not valid at " + now)
                + (revoked ? ": '" + subject.subjectCn() + "' is REVOKED" : ": not revoked")));
  }
}
