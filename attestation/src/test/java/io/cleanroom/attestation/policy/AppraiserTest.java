package io.cleanroom.attestation.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.TeeType;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.TcbStatus;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.sim.SimFixture;
import io.cleanroom.attestation.sim.SimulatedReportRequest;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppraiserTest {

  private static final Verifiers AMD =
      new Verifiers(TrustConfig.defaults().withCertCacheDir(Samples.amdCertDir()));
  private static final String VIRTEE_MEASUREMENT =
      "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f";
  private static final String DEBUG_MEASUREMENT =
      "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01";

  private static VerificationResult virtee() {
    return AMD.verify(
        new SnpEvidence(
            Samples.read("sev-snp/virtee-sev/report_milan.bin"),
            Certs.splitCertificates(Samples.read("sev-snp/virtee-sev/vcek_milan.der"))),
        Samples.at("2024-06-01"));
  }

  private static VerificationResult goSevGuestDebug() {
    return AMD.verify(
        new SnpEvidence(
            Samples.read("sev-snp/go-sev-guest/attestation.bin"),
            Certs.splitCertificates(Samples.read("sev-snp/go-sev-guest/vcek.der"))),
        Samples.at("2023-06-01"));
  }

  @Test
  void acceptsAGenuineReportWhoseMeasurementIsAllowed() {
    Appraisal a =
        Appraiser.appraise(
            virtee(),
            ReferenceValues.forMeasurements(Set.of(VIRTEE_MEASUREMENT.toUpperCase())),
            Instant.now());

    assertThat(a.refusals()).isEmpty();
    assertThat(a.accepted()).isTrue();
  }

  @Test
  void rejectsTheGenuineDebugGuestUnlessThePolicySaysOtherwise() {
    VerificationResult r = goSevGuestDebug();
    ReferenceValues ref = ReferenceValues.forMeasurements(Set.of(DEBUG_MEASUREMENT));

    assertThat(r.verified()).isTrue();
    assertThat(Appraiser.appraise(r, ref, Instant.now()).reasons())
        .containsExactly(RefusalReason.DEBUG_ENABLED);
    assertThat(Appraiser.appraise(r, ref.withAllowDebug(true), Instant.now()).accepted()).isTrue();
  }

  @Test
  void bindsReportDataToTheSha512OfTheRuntimeDataLikeTheKeyBroker() {
    Map<String, Object> runtimeData =
        Map.of("nonce", "n-123", "enclavePublicKey", "pk", "contractHash", "c", "datasetIds", "d");
    byte[] binding = Digests.sha512(CanonicalJson.toBytes(runtimeData));
    VerificationResult r =
        SimFixture.VERIFIERS.verify(
            SimFixture.TEE.report(SimulatedReportRequest.of(binding, SimFixture.measurement(5))),
            Instant.now());
    ReferenceValues ref =
        ReferenceValues.forMeasurements(Set.of(HexFormat.of().formatHex(SimFixture.measurement(5))))
            .withTees(Set.of(TeeType.SIM))
            .withAllowSimulated(true);

    assertThat(Appraiser.appraise(r, ref, Optional.of(binding), Instant.now()).accepted()).isTrue();
    byte[] other = Digests.sha512(CanonicalJson.toBytes(Map.of("nonce", "n-124")));
    assertThat(Appraiser.appraise(r, ref, Optional.of(other), Instant.now()).reasons())
        .containsExactly(RefusalReason.REPORT_DATA_MISMATCH);
  }

  @Test
  void comparesAShorterBindingAsAPrefixFollowedByZeros() {
    VerificationResult r = goSevGuestDebug(); // report_data = 01 02 03 04 05 00 ...
    ReferenceValues ref =
        ReferenceValues.forMeasurements(Set.of(ReferenceValues.ANY)).withAllowDebug(true);

    assertThat(
            Appraiser.appraise(r, ref, Optional.of(new byte[] {1, 2, 3, 4, 5}), Instant.now())
                .accepted())
        .isTrue();
    assertThat(
            Appraiser.appraise(r, ref, Optional.of(new byte[] {1, 2, 3, 4}), Instant.now())
                .reasons())
        .containsExactly(RefusalReason.REPORT_DATA_MISMATCH);
  }

  @Test
  void refusesATcbBelowThePolicyMinimumAndUnknownComponents() {
    ReferenceValues ref =
        ReferenceValues.forMeasurements(Set.of(VIRTEE_MEASUREMENT))
            .withMinimumTcb(Map.of("snp", 8, "microcode", 116, "pcesvn", 1));

    Appraisal a = Appraiser.appraise(virtee(), ref, Instant.now());

    assertThat(a.reasons())
        .containsExactlyInAnyOrder(
            RefusalReason.TCB_BELOW_MINIMUM, RefusalReason.TCB_COMPONENT_UNKNOWN);
    assertThat(a.refusals()).anyMatch(x -> x.detail().contains("microcode = 115, minimum 116"));
  }

  @Test
  void refusesSimulatedEvidenceUnlessAllowed() {
    VerificationResult r =
        SimFixture.VERIFIERS.verify(
            SimFixture.TEE.report(
                SimulatedReportRequest.of(SimFixture.reportData(0), SimFixture.measurement(6))),
            Instant.now());
    ReferenceValues ref = ReferenceValues.forMeasurements(Set.of(ReferenceValues.ANY));

    assertThat(Appraiser.appraise(r, ref, Instant.now()).reasons())
        .containsExactlyInAnyOrder(
            RefusalReason.SIMULATED_NOT_ALLOWED, RefusalReason.TEE_NOT_ALLOWED);
  }

  @Test
  void namesEveryReasonAtOnce() {
    VerificationResult r = goSevGuestDebug();
    ReferenceValues ref =
        ReferenceValues.forMeasurements(Set.of(VIRTEE_MEASUREMENT))
            .withHostData(Set.of("11".repeat(32)))
            .withTees(Set.of(TeeType.TDX))
            .withMaxEvidenceAge(Duration.ofMinutes(5));

    Appraisal a = Appraiser.appraise(r, ref, Optional.of(new byte[64]), Instant.now());

    assertThat(a.accepted()).isFalse();
    assertThat(a.reasons())
        .containsExactlyInAnyOrder(
            RefusalReason.TEE_NOT_ALLOWED,
            RefusalReason.DEBUG_ENABLED,
            RefusalReason.MEASUREMENT_NOT_ALLOWED,
            RefusalReason.HOST_DATA_NOT_ALLOWED,
            RefusalReason.REPORT_DATA_MISMATCH,
            RefusalReason.EVIDENCE_TOO_OLD);
  }

  @Test
  void refusesEvidenceThatDidNotVerify() {
    byte[] report = Samples.read("sev-snp/virtee-sev/report_milan.bin");
    report[0x90] ^= 1;
    VerificationResult r =
        AMD.verify(
            new SnpEvidence(
                report, Certs.splitCertificates(Samples.read("sev-snp/virtee-sev/vcek_milan.der"))),
            Samples.at("2024-06-01"));

    Appraisal a =
        Appraiser.appraise(
            r, ReferenceValues.forMeasurements(Set.of(ReferenceValues.ANY)), Instant.now());

    assertThat(a.reasons()).containsExactly(RefusalReason.NOT_VERIFIED);
  }

  @Test
  void refusesATcbStatusThePolicyDoesNotAllow() {
    ReferenceValues ref =
        ReferenceValues.forMeasurements(Set.of(VIRTEE_MEASUREMENT))
            .withAllowedTcbStatuses(Set.of(TcbStatus.UP_TO_DATE));

    assertThat(Appraiser.appraise(virtee(), ref, Instant.now()).reasons())
        .containsExactly(RefusalReason.TCB_STATUS_NOT_ALLOWED);
  }

  @Test
  void refusesAnEmptyMeasurementAllowList() {
    assertThat(
            Appraiser.appraise(virtee(), ReferenceValues.forMeasurements(Set.of()), Instant.now())
                .reasons())
        .containsExactly(RefusalReason.MEASUREMENT_NOT_ALLOWED);
  }
}
