package io.cleanroom.attestation.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.attestation.EvidenceFiles;
import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.evidence.Claims;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.TrustConfig;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The report_data binding on genuine evidence of both TEEs: the appraisal accepts exactly the
 * REPORT_DATA the hardware signed and refuses the same binding with any one bit changed.
 */
class ReportDataBindingTest {

  private static final Verifiers VERIFIERS =
      new Verifiers(TrustConfig.defaults().withCertCacheDir(Samples.amdCertDir()));
  private static final ReferenceValues ANY =
      ReferenceValues.forMeasurements(Set.of(ReferenceValues.ANY))
          .withAllowedTcbStatuses(
              Set.of(
                  io.cleanroom.attestation.evidence.TcbStatus.NOT_APPLICABLE,
                  io.cleanroom.attestation.evidence.TcbStatus.NOT_EVALUATED));

  static Stream<Arguments> genuine() {
    return Stream.of(
        Arguments.of(
            "sev-snp/virtee-sev/report_milan.bin",
            "sev-snp/virtee-sev/vcek_milan.der",
            "2024-06-01"),
        Arguments.of(
            "sev-snp/oak/genoa_oc.snp_report.bin", "sev-snp/oak/genoa_oc.vcek.der", "2026-01-01"),
        Arguments.of(
            "sev-snp/oak/turin_oc.snp_report.bin", "sev-snp/oak/turin_oc.vcek.der", "2026-01-01"),
        Arguments.of("tdx/dcap-qvl/tdx-quote.bin", "", "2025-01-01"),
        Arguments.of("tdx/trustee/tdx_quote_5.dat", "", "2025-01-01"),
        Arguments.of("tdx/azure/td-quote.bin", "", "2024-01-01"));
  }

  @ParameterizedTest
  @MethodSource("genuine")
  void acceptsTheSignedReportDataAndRefusesItWithAnyBitFlipped(
      String evidence, String keyCert, String at) {
    VerificationResult r =
        VERIFIERS.verify(
            keyCert.isEmpty()
                ? EvidenceFiles.load(Samples.read(evidence), Optional.empty())
                : new SnpEvidence(
                    Samples.read(evidence), Certs.splitCertificates(Samples.read(keyCert))),
            Samples.at(at));
    Claims c = r.claims().orElseThrow();
    byte[] signed = HexFormat.of().parseHex(c.reportData());
    ReferenceValues ref = c.debug() ? ANY.withAllowDebug(true) : ANY;

    assertThat(r.verified()).as(r.errors().toString()).isTrue();
    assertThat(Appraiser.appraise(r, ref, Optional.of(signed), Instant.now()).accepted()).isTrue();
    for (int bit = 0; bit < signed.length * 8; bit += 37) {
      byte[] wrong = signed.clone();
      wrong[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(Appraiser.appraise(r, ref, Optional.of(wrong), Instant.now()).reasons())
          .as("bit " + bit)
          .containsExactly(RefusalReason.REPORT_DATA_MISMATCH);
    }
  }
}
