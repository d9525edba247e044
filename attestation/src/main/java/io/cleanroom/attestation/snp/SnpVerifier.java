package io.cleanroom.attestation.snp;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.TeeType;
import io.cleanroom.attestation.evidence.Check;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.SigningKeyKind;
import io.cleanroom.attestation.evidence.SimulatedEvidence;
import io.cleanroom.attestation.evidence.SnpClaims;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.TcbStatus;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.Certs.ParsedCert;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.attestation.verify.Verifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Verifies SEV-SNP attestation reports (versions 2-5; Milan, Genoa, Turin): the ECDSA P-384 report
 * signature, the VCEK/VLEK whose AMD extensions must match REPORTED_TCB and CHIP_ID, and the chain
 * to a root in its {@link SnpAnchors}. The same class verifies the simulated TEE with a verifier
 * built by {@link #simulated}.
 *
 * <p><b>Security:</b> a result is verified only when every check passed at the given {@code now}.
 * Debug policy, measurements and TCB minimums are not judged here but by the appraisal.
 */
public final class SnpVerifier implements Verifier {

  private final TeeType tee;
  private final SnpAnchors anchors;
  private final SnpCertificateSource source;

  private SnpVerifier(TeeType tee, SnpAnchors anchors, SnpCertificateSource source) {
    this.tee = tee;
    this.anchors = anchors;
    this.source = source;
  }

  /** A verifier for genuine AMD evidence (pinned ARKs). */
  public static SnpVerifier amd(TrustConfig config) {
    return new SnpVerifier(TeeType.SNP, SnpAnchors.amd(), new SnpCertificateSource(config));
  }

  /** A verifier for the simulated TEE; the config must name its root. */
  public static SnpVerifier simulated(TrustConfig config) {
    byte[] root =
        config
            .simulatedRoot()
            .orElseThrow(
                () ->
                    new AttestationException(
                        AttestationException.Code.UNSUPPORTED_TEE,
                        "simulated evidence is trusted only with a configured simulated root"));
    return new SnpVerifier(
        TeeType.SIM,
        SnpAnchors.simulated(root, SnpProduct.MILAN),
        new SnpCertificateSource(config.withCertificates(List.of(root))));
  }

  @Override
  public TeeType tee() {
    return tee;
  }

  @Override
  public VerificationResult verify(Evidence evidence, Instant now) {
    List<Check> checks = new ArrayList<>();
    byte[] bytes;
    List<byte[]> certs;
    switch (evidence) {
      case SnpEvidence s when tee == TeeType.SNP -> {
        bytes = s.report();
        certs = s.certificates();
      }
      case SimulatedEvidence s when tee == TeeType.SIM -> {
        bytes = s.report();
        certs = s.certificates();
      }
      default -> {
        checks.add(Check.fail("tee", evidence.tee().id() + " evidence given to the " + tee.id()));
        return VerificationResult.of(tee, Optional.empty(), status(), checks, now);
      }
    }
    SnpReport report;
    try {
      report = SnpReport.parse(bytes);
      checks.add(Check.pass("parse", "SEV-SNP report version " + report.version()));
    } catch (AttestationException e) {
      checks.add(Check.fail("parse", e.getMessage()));
      return VerificationResult.of(tee, Optional.empty(), status(), checks, now);
    }
    return verifyReport(report, certs, now, checks);
  }

  private VerificationResult verifyReport(
      SnpReport report, List<byte[]> certs, Instant now, List<Check> checks) {
    SnpProduct product = cpuidProduct(report);
    try {
      List<ParsedCert> candidates = candidates(report, certs);
      Optional<ParsedCert> key = SnpChain.pickKeyCert(report, candidates);
      if (key.isEmpty()) {
        checks.add(
            Check.fail(
                "key_certificate",
                "no " + SnpChain.kindOf(report) + " certificate in the evidence or configuration"));
      } else {
        checks.add(
            Check.pass(
                "key_certificate", key.get().subjectCn() + " sha256 " + key.get().fingerprint()));
        Optional<SnpChain.Established> chain =
            SnpChain.establish(key.get(), candidates, anchors, now, checks);
        if (chain.isPresent()) {
          product = chain.get().product();
          checkProductAndKind(report, chain.get(), checks);
        }
        // Checked even when the chain failed, so that a refusal names every problem.
        checkKeyCert(report, AmdKeyCert.of(key.get(), product), product, checks);
      }
    } catch (AttestationException e) {
      checks.add(Check.fail("certificates", e.getMessage()));
    }
    return VerificationResult.of(tee, Optional.of(claims(report, product)), status(), checks, now);
  }

  private List<ParsedCert> candidates(SnpReport report, List<byte[]> certs) {
    List<ParsedCert> candidates = source.candidates(certs);
    if (SnpChain.pickKeyCert(report, candidates).isEmpty()
        && source.networkAllowed()
        && tee == TeeType.SNP) {
      SnpProduct p = cpuidProduct(report);
      List<ParsedCert> more = new ArrayList<>(candidates);
      more.addAll(source.fetch(p, report.chipId(), new SnpTcb(report.reportedTcbRaw(), p)));
      return more;
    }
    return candidates;
  }

  private static void checkProductAndKind(
      SnpReport report, SnpChain.Established chain, List<Check> checks) {
    AmdKeyCert key = chain.keyCert();
    SnpProduct product = chain.product();
    Optional<SnpProduct> fromCpuid = report.cpuid().flatMap(c -> SnpProduct.fromCpuid(c[0], c[1]));
    boolean productOk =
        fromCpuid.map(p -> p == product).orElse(true)
            && SnpProduct.fromName(key.productName()).map(p -> p == product).orElse(false);
    checks.add(
        new Check(
            "product",
            productOk,
            "chain "
                + product.kdsName()
                + ", key certificate '"
                + key.productName()
                + "'"
                + fromCpuid.map(p -> ", report CPUID " + p.kdsName()).orElse("")));
    SigningKeyKind wanted = SnpChain.kindOf(report);
    boolean issuerIsVlek = chain.ask().subjectCn().contains("VLEK");
    boolean kindOk = key.kind() == wanted && issuerIsVlek == (wanted == SigningKeyKind.VLEK);
    checks.add(
        new Check(
            "signing_key",
            kindOk,
            "report asks for "
                + wanted
                + ", certificate is a "
                + key.kind()
                + " issued by '"
                + chain.ask().subjectCn()
                + "'"));
  }

  private static void checkKeyCert(
      SnpReport report, AmdKeyCert key, SnpProduct product, List<Check> checks) {
    checks.add(tcbCheck(report, key, product));
    checks.add(chipCheck(report, key));
    checks.add(signatureCheck(report, key.cert()));
  }

  private static Check tcbCheck(SnpReport report, AmdKeyCert key, SnpProduct product) {
    var reported = new SnpTcb(report.reportedTcbRaw(), product).components();
    boolean ok = key.tcb().equals(reported);
    return new Check(
        "tcb_match",
        ok,
        ok
            ? "key certificate TCB equals REPORTED_TCB " + reported
            : "key certificate TCB " + key.tcb() + " differs from REPORTED_TCB " + reported);
  }

  private static Check chipCheck(SnpReport report, AmdKeyCert key) {
    if (key.kind() == SigningKeyKind.VLEK) {
      return Check.pass("chip_id", "VLEK is not chip-bound (CSP " + key.cspId().orElse("?") + ")");
    }
    boolean ok = SnpChain.chipMatches(key.hwId().orElseThrow(), report.chipId());
    return new Check(
        "chip_id",
        ok,
        ok ? "VCEK hwID equals CHIP_ID" : "VCEK belongs to another chip than the report's CHIP_ID");
  }

  private static Check signatureCheck(SnpReport report, ParsedCert key) {
    Optional<byte[]> sig = report.signatureP1363();
    boolean ok =
        sig.isPresent()
            && Certs.verifyRawEcdsa(
                key.publicKey(),
                "SHA384",
                report.rawUnsafe(),
                0,
                SnpReport.SIGNED_LENGTH,
                sig.get());
    return new Check(
        "report_signature",
        ok,
        ok
            ? "ECDSA P-384 over bytes 0x000-0x29F verifies with " + key.subjectCn()
            : "report signature does not verify with " + key.subjectCn());
  }

  private static SnpProduct cpuidProduct(SnpReport report) {
    return report.cpuid().flatMap(c -> SnpProduct.fromCpuid(c[0], c[1])).orElse(SnpProduct.MILAN);
  }

  private SnpClaims claims(SnpReport r, SnpProduct product) {
    return new SnpClaims(
        tee,
        r.version(),
        r.guestSvn(),
        r.policy(),
        r.debug(),
        r.vmpl(),
        product.kdsName(),
        SnpChain.kindOf(r),
        r.measurement(),
        r.hostData(),
        r.reportData(),
        r.familyId(),
        r.imageId(),
        r.idKeyDigest(),
        r.authorKeyDigest(),
        r.reportId(),
        HexFormat.of().formatHex(r.chipId()),
        new SnpTcb(r.reportedTcbRaw(), product).components(),
        new SnpTcb(r.currentTcbRaw(), product).components(),
        new SnpTcb(r.committedTcbRaw(), product).components(),
        new SnpTcb(r.launchTcbRaw(), product).components(),
        r.firmware(),
        r.platformInfo(),
        anchors.simulated());
  }

  private static TcbStatus status() {
    return TcbStatus.NOT_APPLICABLE;
  }
}
