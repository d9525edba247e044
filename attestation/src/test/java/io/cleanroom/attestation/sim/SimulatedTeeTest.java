package io.cleanroom.attestation.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.evidence.Check;
import io.cleanroom.attestation.evidence.SimulatedEvidence;
import io.cleanroom.attestation.evidence.SnpClaims;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.snp.SnpVerifier;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.TrustConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedTeeTest {

  private static final Instant NOW = Instant.now();

  @Test
  void verifiesOnTheSnpPathWhenItsRootIsConfiguredAndMarksEveryClaimSimulated() {
    SimulatedEvidence e =
        SimFixture.TEE.report(
            SimulatedReportRequest.of(SimFixture.reportData(7), SimFixture.measurement(9)));

    VerificationResult r = SimFixture.VERIFIERS.verify(e, NOW);

    assertThat(r.errors()).isEmpty();
    assertThat(r.verified()).isTrue();
    assertThat(r.checks())
        .extracting(Check::name)
        .contains("chain", "root", "tcb_match", "chip_id", "report_signature");
    SnpClaims c = (SnpClaims) r.claims().orElseThrow();
    assertThat(c.simulated()).isTrue();
    assertThat(c.measurement()).isEqualTo(HexFormat.of().formatHex(SimFixture.measurement(9)));
    assertThat(c.reportData()).isEqualTo(HexFormat.of().formatHex(SimFixture.reportData(7)));
    assertThat(c.debug()).isFalse();
    assertThat(r.toJson().get("claims")).asString().contains("simulated=true");
    assertThat(Certs.parse(e.certificates().get(0)).subjectCn())
        .contains("SIMULATED", "NOT CONFIDENTIAL");
  }

  @Test
  void isRefusedWhenNoSimulatedRootIsConfigured() {
    SimulatedEvidence e =
        SimFixture.TEE.report(
            SimulatedReportRequest.of(SimFixture.reportData(1), SimFixture.measurement(1)));

    VerificationResult r = new Verifiers(TrustConfig.defaults()).verify(e, NOW);

    assertThat(r.verified()).isFalse();
    assertThat(r.check("trust").orElseThrow().ok()).isFalse();
  }

  @Test
  void isRefusedUnderAnotherSimulatedRoot() {
    SimulatedTee other = SimulatedTee.generate();
    SimulatedEvidence e =
        other.report(
            SimulatedReportRequest.of(SimFixture.reportData(1), SimFixture.measurement(1)));

    VerificationResult r = SimFixture.VERIFIERS.verify(e, NOW);

    assertThat(r.verified()).isFalse();
    assertThat(r.check("root").orElseThrow().ok()).isFalse();
  }

  @Test
  void isRefusedAsSnpEvidenceBecauseItsChainEndsAtANonPinnedRoot() {
    SimulatedEvidence e =
        SimFixture.TEE.report(
            SimulatedReportRequest.of(SimFixture.reportData(1), SimFixture.measurement(1)));

    VerificationResult r = SnpVerifier.amd(TrustConfig.defaults()).verify(e.asSnp(), NOW);

    assertThat(r.verified()).isFalse();
    assertThat(r.check("root").orElseThrow().detail()).contains("not a pinned AMD ARK");
    assertThat(r.check("report_signature").orElseThrow().ok()).isTrue();
  }

  @Test
  void isRefusedOutsideItsCertificatesValidity() {
    SimulatedEvidence e =
        SimFixture.TEE.report(
            SimulatedReportRequest.of(SimFixture.reportData(1), SimFixture.measurement(1)));

    VerificationResult r = SimFixture.VERIFIERS.verify(e, NOW.plus(Duration.ofDays(365L * 30)));

    assertThat(r.verified()).isFalse();
    assertThat(r.check("validity").orElseThrow().ok()).isFalse();
  }

  @Test
  void carriesTheRequestedDebugPolicyTcbAndHostData() {
    byte[] host = new byte[32];
    host[0] = 0x42;
    SimulatedEvidence e =
        SimFixture.TEE.report(
            SimulatedReportRequest.of(SimFixture.reportData(2), SimFixture.measurement(2))
                .withDebug(true)
                .withTcb(1, 0, 3, 100)
                .withHostData(host));

    VerificationResult r = SimFixture.VERIFIERS.verify(e, NOW);

    assertThat(r.verified()).isTrue();
    SnpClaims c = (SnpClaims) r.claims().orElseThrow();
    assertThat(c.debug()).isTrue();
    assertThat(c.reportedTcb()).containsEntry("snp", 3).containsEntry("microcode", 100);
    assertThat(c.hostData()).startsWith("42");
  }

  @Test
  void refusesAnyFlippedBitOfItsReport() {
    SimulatedEvidence e =
        SimFixture.TEE.report(
            SimulatedReportRequest.of(SimFixture.reportData(3), SimFixture.measurement(3)));
    byte[] report = e.report();
    for (int bit : new int[] {0x50 * 8, 0x90 * 8 + 3, 0x1A0 * 8, 0x2A0 * 8 + 1, 0x2E8 * 8}) {
      byte[] bad = report.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      VerificationResult r =
          SimFixture.VERIFIERS.verify(new SimulatedEvidence(bad, e.certificates()), NOW);
      assertThat(r.verified()).as("bit " + bit).isFalse();
    }
  }

  @Test
  void persistsItsChainAndRootFile(@TempDir Path dir) throws IOException {
    SimulatedTee first = SimulatedTee.loadOrCreate(dir);
    SimulatedTee again = SimulatedTee.loadOrCreate(dir);
    byte[] root =
        Certs.splitCertificates(Files.readAllBytes(dir.resolve(SimulatedTee.ROOT_FILE))).get(0);

    assertThat(again.rootCertificate()).isEqualTo(first.rootCertificate()).isEqualTo(root);
    VerificationResult r =
        new Verifiers(TrustConfig.defaults().withSimulatedRoot(root))
            .verify(
                again.report(
                    SimulatedReportRequest.of(SimFixture.reportData(4), SimFixture.measurement(4))),
                NOW);
    assertThat(r.errors()).isEmpty();
    assertThat(r.verified()).isTrue();
  }

  @Test
  void measuresBuildArtifactsByNameAndContentNotByOrder(@TempDir Path dir) throws IOException {
    Path a = Files.writeString(dir.resolve("app.jar"), "code");
    Path b = Files.writeString(dir.resolve("config.json"), "{}");
    byte[] m = BuildMeasurement.of(List.of(a, b));

    assertThat(m).hasSize(48);
    assertThat(BuildMeasurement.of(List.of(b, a))).isEqualTo(m);
    Files.writeString(b, "{ }");
    assertThat(BuildMeasurement.of(List.of(a, b))).isNotEqualTo(m);
    assertThat(BuildMeasurement.of(List.of(a))).isNotEqualTo(m);
  }

  @Test
  void refusesReportDataOrMeasurementOfTheWrongLength() {
    assertThatThrownBy(() -> SimulatedReportRequest.of(new byte[32], SimFixture.measurement(1)))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("64 bytes");
    assertThatThrownBy(() -> SimulatedReportRequest.of(SimFixture.reportData(1), new byte[32]))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("48 bytes");
  }

  @Test
  void genuineAmdEvidenceIsNotAcceptedAsSimulated() {
    byte[] report = io.cleanroom.attestation.Samples.read("sev-snp/virtee-sev/report_milan.bin");
    List<byte[]> certs =
        new java.util.ArrayList<>(
            Certs.splitCertificates(
                io.cleanroom.attestation.Samples.read("sev-snp/virtee-sev/cert_chain_milan.pem")));
    certs.add(io.cleanroom.attestation.Samples.read("sev-snp/virtee-sev/vcek_milan.der"));

    VerificationResult r =
        SimFixture.VERIFIERS.verify(
            new SimulatedEvidence(report, certs),
            io.cleanroom.attestation.Samples.at("2024-06-01"));
    VerificationResult asSnp =
        SimFixture.VERIFIERS.verify(
            new SnpEvidence(report, certs), io.cleanroom.attestation.Samples.at("2024-06-01"));

    assertThat(r.verified()).isFalse();
    assertThat(r.check("root").orElseThrow().ok()).isFalse();
    assertThat(asSnp.verified()).isTrue();
  }
}
