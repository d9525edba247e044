package io.cleanroom.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.SimulatedEvidence;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.TdxEvidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.sim.SimFixture;
import io.cleanroom.attestation.sim.SimulatedReportRequest;
import io.cleanroom.attestation.verify.TrustConfig;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvidenceFilesTest {

  // The raw report files carry no VCEK: it comes from the configured certificates.
  private static final Verifiers VERIFIERS =
      new Verifiers(
          TrustConfig.defaults()
              .withCertCacheDir(Samples.amdCertDir())
              .withCertificates(
                  java.util.List.of(
                      Samples.read("sev-snp/virtee-sev/vcek_milan.der"),
                      io.cleanroom.attestation.verify.Certs.splitCertificates(
                              Samples.read("azure-cvm/snp/vcek.pem"))
                          .get(0))));

  @ParameterizedTest
  @CsvSource({
    "sev-snp/virtee-sev/report_milan.hex, snp, 2024-06-01",
    "azure-cvm/snp/hcl-report.bin, snp, 2024-06-01",
    "azure-cvm/snp/evidence-v0.json, snp, 2026-01-01",
    "azure-cvm/snp/evidence-v1.json, snp, 2026-01-01",
    "azure-cvm/snp/evidence-v2.json, snp, 2026-01-01",
    "azure-cvm/snp/evidence-genoa.json, snp, 2026-01-01",
    "tdx/dcap-qvl/tdx-quote.hex, tdx, 2025-01-01",
    "tdx/dcap-qvl/near_quote_hex.txt, tdx, 2025-09-15",
    "azure-cvm/tdx/evidence-v0.json, tdx, 2024-01-01",
    "azure-cvm/tdx/evidence-v1.json, tdx, 2024-01-01",
    "tdx/go-tdx-guest/ccel_cos-113-tdx-quote.dat, tdx, 2025-01-01"
  })
  void recognizesSampleFilesAsTheyAreAndTheyVerify(String file, String tee, String now) {
    Evidence e = EvidenceFiles.load(Samples.read(file), Optional.empty());

    assertThat(e.tee().id()).isEqualTo(tee);
    VerificationResult r = VERIFIERS.verify(e, Samples.at(now));
    assertThat(r.errors()).isEmpty();
    assertThat(r.verified()).isTrue();
  }

  @Test
  void readsTheAzureVcekFromTheEvidenceJson() {
    Evidence e =
        EvidenceFiles.load(Samples.read("azure-cvm/snp/evidence-v1.json"), Optional.empty());

    assertThat(((SnpEvidence) e).certificates()).hasSize(1);
  }

  @Test
  void roundTripsSimulatedEvidenceThroughTheContainer() {
    SimulatedEvidence e =
        SimFixture.TEE.report(
            SimulatedReportRequest.of(SimFixture.reportData(8), SimFixture.measurement(8)));
    byte[] json = EvidenceJson.write(e);

    Evidence back = EvidenceFiles.load(json, Optional.empty());

    assertThat(back).isInstanceOf(SimulatedEvidence.class);
    assertThat(EvidenceJson.write(back)).isEqualTo(json);
    assertThat(SimFixture.VERIFIERS.verify(back, Instant.now()).verified()).isTrue();
  }

  @Test
  void refusesTheAzureTdxHclReportBecauseATdReportIsNotRemotelyVerifiable() {
    assertThatThrownBy(
            () ->
                EvidenceFiles.load(Samples.read("azure-cvm/tdx/hcl-report.bin"), Optional.empty()))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("TD quote");
  }

  @Test
  void refusesContainersThatAreNotOurs() {
    for (String bad :
        new String[] {
          "{\"format\": \"other\"}",
          "{\"format\": \"cleanroom-evidence/1\", \"tee\": \"sgx\", \"report\": \"\"}",
          "{\"format\": \"cleanroom-evidence/1\", \"tee\": \"snp\", \"report\": \"%%%\"}",
          "{\"format\": \"cleanroom-evidence/1\", \"tee\": \"tdx\"}",
          "{\"unrelated\": 1}",
          "{"
        }) {
      assertThatThrownBy(
              () ->
                  EvidenceFiles.load(
                      bad.getBytes(java.nio.charset.StandardCharsets.UTF_8), Optional.empty()))
          .as(bad)
          .isInstanceOf(AttestationException.class);
    }
  }

  @Test
  void honoursAnExplicitTeeType() {
    byte[] quote = Samples.read("tdx/trustee/tdx_quote_4.dat");

    assertThat(EvidenceFiles.load(quote, Optional.empty())).isInstanceOf(TdxEvidence.class);
    assertThat(EvidenceFiles.load(quote, Optional.of(TeeType.SNP))).isInstanceOf(SnpEvidence.class);
  }

  @Test
  void refusesHexWhoseDigitsAreOddOnceWhitespaceIsRemoved() {
    // Even length with the blank, odd without it (fuzzer-style input).
    byte[] data = "ab c".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> EvidenceFiles.load(data, Optional.empty()))
        .isInstanceOf(AttestationException.class);
  }
}
