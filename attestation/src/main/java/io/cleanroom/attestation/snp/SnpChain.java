package io.cleanroom.attestation.snp;

import io.cleanroom.attestation.evidence.Check;
import io.cleanroom.attestation.evidence.SigningKeyKind;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.Certs.ParsedCert;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Builds and checks the SNP chain VCEK/VLEK → ASK/ASVK → ARK from candidate certificates, adding
 * one {@link Check} per step.
 *
 * <p><b>Security:</b> the chain is accepted only when it ends at a root in {@link SnpAnchors} (by
 * fingerprint), every signature verifies, and every certificate is valid at {@code now}.
 */
final class SnpChain {

  /** A chain that passed, with the product of its root. */
  record Established(AmdKeyCert keyCert, ParsedCert ask, ParsedCert ark, SnpProduct product) {}

  private SnpChain() {}

  /** Picks the key certificate that best fits the report (kind, chip id, TCB). */
  static Optional<ParsedCert> pickKeyCert(SnpReport report, List<ParsedCert> candidates) {
    return candidates.stream()
        .filter(AmdKeyCert::isKeyCert)
        .max(Comparator.comparingInt(c -> fit(report, c)));
  }

  private static int fit(SnpReport report, ParsedCert cert) {
    try {
      SnpProduct p =
          SnpProduct.fromName(AmdKeyCert.of(cert, SnpProduct.MILAN).productName())
              .orElse(SnpProduct.MILAN);
      AmdKeyCert k = AmdKeyCert.of(cert, p);
      int score = 0;
      if (kindOf(report) == k.kind()) {
        score += 4;
      }
      if (k.hwId().isPresent() && chipMatches(k.hwId().get(), report.chipId())) {
        score += 2;
      }
      if (k.tcb().equals(new SnpTcb(report.reportedTcbRaw(), p).components())) {
        score += 1;
      }
      return score;
    } catch (RuntimeException malformed) {
      return -1;
    }
  }

  static SigningKeyKind kindOf(SnpReport report) {
    return report.signingKeySelector() == 1 ? SigningKeyKind.VLEK : SigningKeyKind.VCEK;
  }

  static boolean chipMatches(byte[] hwId, byte[] chipId) {
    if (hwId.length == 8) {
      return Arrays.equals(hwId, Arrays.copyOf(chipId, 8));
    }
    return Arrays.equals(hwId, chipId);
  }

  /** Checks the chain above the key certificate; adds chain, root and validity checks. */
  static Optional<Established> establish(
      ParsedCert key,
      List<ParsedCert> candidates,
      SnpAnchors anchors,
      Instant now,
      List<Check> checks) {
    List<ParsedCert> issuers =
        candidates.stream()
            .filter(c -> Certs.sameName(c.holder().getSubject(), key.holder().getIssuer()))
            .toList();
    if (issuers.isEmpty()) {
      checks.add(
          Check.fail(
              "chain",
              "no certificate for the key certificate's issuer '"
                  + key.issuerCn()
                  + "' (supply the ASK/ASVK and ARK)"));
      return Optional.empty();
    }
    Optional<ParsedCert> ask = issuers.stream().filter(i -> Certs.signedBy(key, i)).findFirst();
    if (ask.isEmpty()) {
      checks.add(
          Check.fail(
              "chain",
              "the key certificate's signature does not verify under '" + key.issuerCn() + "'"));
      return Optional.empty();
    }
    return establishRoot(key, ask.get(), candidates, anchors, now, checks);
  }

  private static Optional<Established> establishRoot(
      ParsedCert key,
      ParsedCert ask,
      List<ParsedCert> candidates,
      SnpAnchors anchors,
      Instant now,
      List<Check> checks) {
    List<ParsedCert> roots =
        candidates.stream()
            .filter(c -> Certs.sameName(c.holder().getSubject(), ask.holder().getIssuer()))
            .toList();
    List<ParsedCert> signers = roots.stream().filter(r -> Certs.signedBy(ask, r)).toList();
    Optional<ParsedCert> pinned =
        signers.stream().filter(r -> anchors.product(r.fingerprint()).isPresent()).findFirst();
    if (pinned.isEmpty()) {
      String kind = anchors.simulated() ? "configured simulated root" : "pinned AMD ARK";
      checks.add(
          signers.isEmpty() && !roots.isEmpty()
              ? Check.fail(
                  "chain",
                  "'" + ask.subjectCn() + "' is not signed by any '" + ask.issuerCn() + "'")
              : Check.fail(
                  "root",
                  signers.isEmpty()
                      ? "no root certificate '" + ask.issuerCn() + "' available"
                      : "chain ends at '"
                          + signers.get(0).subjectCn()
                          + "' (sha256 "
                          + signers.get(0).fingerprint()
                          + "), which is not a "
                          + kind));
      return Optional.empty();
    }
    ParsedCert ark = pinned.get();
    if (!Certs.signedBy(ark, ark)) {
      checks.add(Check.fail("chain", "'" + ark.subjectCn() + "' is not self-signed"));
      return Optional.empty();
    }
    SnpProduct product = anchors.product(ark.fingerprint()).orElseThrow();
    checks.add(
        Check.pass(
            "chain",
            key.subjectCn() + " <- " + ask.subjectCn() + " <- " + ark.subjectCn() + " signatures"));
    checks.add(
        Check.pass(
            "root",
            ark.subjectCn()
                + " sha256 "
                + ark.fingerprint()
                + (anchors.simulated() ? " (configured simulated root)" : " (pinned)")));
    checks.add(validity(List.of(key, ask, ark), now));
    return Optional.of(new Established(AmdKeyCert.of(key, product), ask, ark, product));
  }

  private static Check validity(List<ParsedCert> chain, Instant now) {
    for (ParsedCert c : chain) {
      if (!c.validAt(now)) {
        return Check.fail(
            "validity",
            "'"
                + c.subjectCn()
                + "' is valid "
                + c.notBefore()
                + " .. "
                + c.notAfter()
                + ", not at "
                + now);
      }
    }
    return Check.pass("validity", "every certificate is valid at " + now);
  }
}
