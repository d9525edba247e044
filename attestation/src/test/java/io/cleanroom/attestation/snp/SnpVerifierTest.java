package io.cleanroom.attestation.snp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.evidence.Check;
import io.cleanroom.attestation.evidence.SnpClaims;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.TcbStatus;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.Lookalike;
import io.cleanroom.attestation.verify.TrustConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SnpVerifierTest {

  private static final SnpVerifier VERIFIER =
      SnpVerifier.amd(TrustConfig.defaults().withCertCacheDir(Samples.amdCertDir()));

  static List<SnpSamples> samples() {
    return SnpSamples.list();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void verifiesGenuineSampleAndReadsItsClaims(SnpSamples s) {
    VerificationResult r = VERIFIER.verify(s.evidence(), s.instant());

    assertThat(r.errors()).isEmpty();
    assertThat(r.verified()).isTrue();
    assertThat(r.checks()).allMatch(Check::ok);
    assertThat(r.checks())
        .extracting(Check::name)
        .contains("chain", "root", "validity", "tcb_match", "chip_id", "report_signature");
    assertThat(r.tcbStatus()).isEqualTo(TcbStatus.NOT_APPLICABLE);
    SnpClaims c = (SnpClaims) r.claims().orElseThrow();
    assertThat(c.version()).isEqualTo(s.version());
    assertThat(c.product()).isEqualTo(s.product());
    assertThat(c.signingKey().name()).isEqualTo(s.signer());
    assertThat(c.debug()).isEqualTo(s.debug());
    assertThat(c.reportedTcb()).isEqualTo(s.tcb());
    assertThat(c.measurement()).isEqualTo(s.measurement());
    assertThat(c.reportData()).startsWith(s.reportData32()).hasSize(128);
    assertThat(c.chipId()).startsWith(s.chipId8());
    assertThat(c.simulated()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void refusesEveryFlippedBitInTheSignedRegionOrTheSignature(SnpSamples s) {
    byte[] report = Samples.read(s.report());
    List<byte[]> certs = s.evidence().certificates();
    Random random = new Random(s.report().hashCode());
    for (int i = 0; i < 24; i++) {
      int bit = random.nextInt(SnpReport.SIGNED_LENGTH * 8);
      assertRefused(flip(report, bit), certs, s.instant(), "signed bit " + bit);
    }
    for (int i = 0; i < 8; i++) {
      int bit = SnpReport.SIGNED_LENGTH * 8 + random.nextInt(2 * 48 * 8);
      assertRefused(flip(report, bit), certs, s.instant(), "signature bit " + bit);
    }
  }

  private static void assertRefused(byte[] report, List<byte[]> certs, Instant now, String what) {
    VerificationResult r = VERIFIER.verify(new SnpEvidence(report, certs), now);
    assertThat(r.verified()).as(what).isFalse();
    assertThat(r.errors()).as(what).isNotEmpty();
  }

  private static byte[] flip(byte[] data, int bit) {
    byte[] out = data.clone();
    out[bit / 8] ^= (byte) (1 << (bit % 8));
    return out;
  }

  @Test
  void refusesTrusteeSyntheticVceksWithEveryMismatchNamed() {
    for (String fake :
        List.of(
            "sev-snp/trustee/test-vcek-invalid-legacy.der",
            "sev-snp/trustee/test-vcek-invalid-new.der")) {
      SnpEvidence e =
          new SnpEvidence(
              Samples.read("sev-snp/trustee/test-report.bin"), List.of(Samples.read(fake)));
      VerificationResult r = VERIFIER.verify(e, Samples.at("2024-06-01"));

      assertThat(r.verified()).isFalse();
      assertThat(failed(r)).contains("chain", "tcb_match", "chip_id", "report_signature");
    }
  }

  @Test
  void refusesAVcekOfAnotherChip() {
    // Same product and TCB (Milan, bl3 tee0 snp8 uc115), different chip.
    SnpEvidence e =
        new SnpEvidence(
            Samples.read("sev-snp/virtee-sev/report_milan.bin"),
            List.of(Samples.read("sev-snp/trustee/test-vcek.der")));
    VerificationResult r = VERIFIER.verify(e, Samples.at("2024-06-01"));

    assertThat(r.verified()).isFalse();
    assertThat(failed(r)).containsExactlyInAnyOrder("chip_id", "report_signature");
    assertThat(r.check("chain").orElseThrow().ok()).isTrue();
  }

  @Test
  void refusesTheAwsVlekOutsideItsOneYearLifetime() {
    SnpSamples vlek =
        SnpSamples.all().filter(s -> s.signer().equals("VLEK")).findFirst().orElseThrow();
    for (String when : List.of("2025-12-11", "2024-12-01", "2030-01-01")) {
      VerificationResult r = VERIFIER.verify(vlek.evidence(), Samples.at(when));

      assertThat(r.verified()).as(when).isFalse();
      assertThat(failed(r)).as(when).containsExactly("validity");
    }
  }

  @Test
  void refusesWhenTheAskAndArkAreNowhereToBeFound() {
    SnpSamples s = SnpSamples.list().get(1);
    VerificationResult r =
        SnpVerifier.amd(TrustConfig.defaults()).verify(s.evidence(), s.instant());

    assertThat(r.verified()).isFalse();
    assertThat(r.check("chain").orElseThrow().detail()).contains("SEV-Milan");
  }

  @Test
  void refusesAReportWithoutAnyKeyCertificate() {
    SnpSamples s = SnpSamples.list().get(1);
    VerificationResult r =
        VERIFIER.verify(new SnpEvidence(Samples.read(s.report()), List.of()), s.instant());

    assertThat(r.verified()).isFalse();
    assertThat(failed(r)).containsExactly("key_certificate");
  }

  @Test
  void refusesTruncatedAndUnknownVersionReports() {
    SnpSamples s = SnpSamples.list().get(1);
    byte[] report = Samples.read(s.report());
    byte[] v9 = report.clone();
    v9[0] = 9;
    for (byte[] bad : List.of(java.util.Arrays.copyOf(report, 1000), v9, new byte[0])) {
      VerificationResult r =
          VERIFIER.verify(new SnpEvidence(bad, s.evidence().certificates()), s.instant());
      assertThat(r.verified()).isFalse();
      assertThat(failed(r)).containsExactly("parse");
      assertThat(r.claims()).isEmpty();
    }
  }

  @Test
  void findsTheVcekInACacheDirectory(@TempDir Path cache) throws IOException {
    SnpSamples s = SnpSamples.list().get(4);
    Files.write(cache.resolve("vcek.der"), Samples.read(s.keyCert()));
    for (String f : List.of("milan_ask.pem", "milan_ark.pem")) {
      Files.copy(Samples.amdCertDir().resolve(f), cache.resolve(f));
    }
    Files.writeString(cache.resolve("README.txt"), "not a certificate");
    SnpVerifier v = SnpVerifier.amd(TrustConfig.defaults().withCertCacheDir(cache));

    VerificationResult r =
        v.verify(new SnpEvidence(Samples.read(s.report()), List.of()), s.instant());

    assertThat(r.errors()).isEmpty();
    assertThat(r.verified()).isTrue();
  }

  @Test
  void readsCertificatesFromAnExtendedReportCertificateTable() {
    SnpSamples s = SnpSamples.list().get(1);
    List<AuxBlob.Entry> entries = new ArrayList<>();
    entries.add(new AuxBlob.Entry(AuxBlob.VCEK, Samples.read(s.keyCert())));
    List<byte[]> askArk =
        Certs.splitCertificates(Samples.read("sev-snp/virtee-sev/cert_chain_milan.pem"));
    entries.add(new AuxBlob.Entry(AuxBlob.ASK, askArk.get(0)));
    entries.add(new AuxBlob.Entry(AuxBlob.ARK, askArk.get(1)));
    List<byte[]> certs =
        AuxBlob.parse(AuxBlob.build(entries)).stream().map(AuxBlob.Entry::data).toList();

    VerificationResult r =
        SnpVerifier.amd(TrustConfig.defaults())
            .verify(new SnpEvidence(Samples.read(s.report()), certs), s.instant());

    assertThat(r.errors()).isEmpty();
    assertThat(r.verified()).isTrue();
  }

  @Test
  void readsTurinVcekExtensionsAndVerifiesItsChain() {
    Certs.ParsedCert vcek = Certs.parse(Samples.read("sev-snp/virtee-sev/vcek_turin.der"));
    AmdKeyCert k = AmdKeyCert.of(vcek, SnpProduct.TURIN);

    assertThat(k.kind().name()).isEqualTo("VCEK");
    assertThat(k.hwId().orElseThrow()).hasSize(8);
    assertThat(k.tcb())
        .isEqualTo(java.util.Map.of("fmc", 0, "bootloader", 0, "tee", 0, "snp", 0, "microcode", 9));
    List<Certs.ParsedCert> candidates = new ArrayList<>();
    candidates.add(vcek);
    Certs.splitCertificates(Samples.read("sev-snp/virtee-sev/cert_chain_turin.pem"))
        .forEach(d -> candidates.add(Certs.parse(d)));
    List<Check> checks = new ArrayList<>();

    var chain =
        SnpChain.establish(vcek, candidates, SnpAnchors.amd(), Samples.at("2025-01-01"), checks);

    assertThat(chain).isPresent();
    assertThat(chain.get().product()).isEqualTo(SnpProduct.TURIN);
    assertThat(checks).allMatch(Check::ok);
  }

  @Test
  void refusesALookalikeChainEndingAtANonPinnedRootThatCopiesEveryGenuineField() {
    // The genuine Genoa report re-signed under a copy of its chain (same names, TCB, chip id,
    // validity) whose keys are the attacker's: everything checks out except the root.
    SnpSamples s = SnpSamples.named("sev-snp/oak/genoa_oc.snp_report.bin");
    Lookalike fake =
        Lookalike.of(
            List.of(
                Samples.read(s.keyCert()),
                pem("sev-snp/amd-roots/canonical/genoa_ask.pem"),
                pem("sev-snp/amd-roots/canonical/genoa_ark.pem")),
            "secp384r1",
            "SHA384withECDSA");
    byte[] report = Samples.read(s.report());
    resign(report, fake.leafKey());

    VerificationResult r = VERIFIER.verify(new SnpEvidence(report, fake.chain()), s.instant());

    assertThat(r.verified()).isFalse();
    assertThat(failed(r)).containsExactly("root");
    assertThat(r.check("root").orElseThrow().detail()).contains("not a pinned AMD ARK");
  }

  @Test
  void refusesEveryFlippedBitOfTheSignedRegionAndSignatureOfOneReportExhaustively() {
    SnpSamples s = SnpSamples.named("sev-snp/oak/genoa_oc.snp_report.bin");
    byte[] report = Samples.read(s.report());
    List<byte[]> certs = s.evidence().certificates();
    int bits = (SnpReport.SIGNED_LENGTH + 2 * 72) * 8;
    int accepted = 0;
    for (int bit = 0; bit < bits; bit++) {
      if (VERIFIER.verify(new SnpEvidence(flip(report, bit), certs), s.instant()).verified()) {
        accepted++;
      }
    }

    assertThat(accepted).isZero();
    assertThat(VERIFIER.verify(new SnpEvidence(report, certs), s.instant()).verified()).isTrue();
  }

  private static byte[] pem(String path) {
    return Certs.splitCertificates(Samples.read(path)).get(0);
  }

  /** Signs bytes 0x000-0x29F as the firmware does: r and s little-endian in 72-byte fields. */
  private static void resign(byte[] report, java.security.PrivateKey key) {
    try {
      java.security.Signature sig =
          java.security.Signature.getInstance("SHA384withECDSAinP1363Format");
      sig.initSign(key);
      sig.update(report, 0, SnpReport.SIGNED_LENGTH);
      byte[] rs = sig.sign();
      for (int part = 0; part < 2; part++) {
        int base = SnpReport.SIGNED_LENGTH + part * 72;
        for (int i = 0; i < 48; i++) {
          report[base + i] = rs[part * 48 + 47 - i];
        }
      }
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> failed(VerificationResult r) {
    return r.checks().stream().filter(c -> !c.ok()).map(Check::name).toList();
  }
}
