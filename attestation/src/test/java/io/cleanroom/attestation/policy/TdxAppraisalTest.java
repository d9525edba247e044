package io.cleanroom.attestation.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.attestation.EvidenceFiles;
import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.evidence.TcbStatus;
import io.cleanroom.attestation.evidence.TdxEvidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.tdx.CollateralFiles;
import io.cleanroom.attestation.verify.TrustConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TdxAppraisalTest {

  private static final ReferenceValues ANY =
      ReferenceValues.forMeasurements(Set.of(ReferenceValues.ANY));

  private static VerificationResult quote6() {
    var collateral =
        CollateralFiles.load(
            List.of(
                Samples.path("tdx/trustee/tcbInfo.json"),
                Samples.path("tdx/trustee/enclaveIdentity.json"),
                Samples.path("tdx/intel-roots/intel_sgx_tcb_signing_chain.pem")));
    return new Verifiers(TrustConfig.defaults())
        .verify(
            new TdxEvidence(Samples.read("tdx/trustee/tdx_quote_6.dat"), Optional.of(collateral)),
            Samples.at("2025-11-01"));
  }

  @Test
  void rejectsTheDebugTd() {
    VerificationResult r =
        new Verifiers(TrustConfig.defaults())
            .verify(
                EvidenceFiles.load(Samples.read("tdx/trustee/tdx_quote_4.dat"), Optional.empty()),
                Samples.at("2024-01-01"));
    ReferenceValues ref = ANY.withAllowedTcbStatuses(Set.of(TcbStatus.NOT_EVALUATED));

    assertThat(r.verified()).isTrue();
    assertThat(Appraiser.appraise(r, ref, Instant.now()).reasons())
        .containsExactly(RefusalReason.DEBUG_ENABLED);
  }

  @Test
  void rejectsAnOutOfDateTcbByDefaultAndAcceptsItWhenAllowed() {
    VerificationResult r = quote6();

    assertThat(r.tcbStatus()).isEqualTo(TcbStatus.OUT_OF_DATE);
    assertThat(Appraiser.appraise(r, ANY, Instant.now()).reasons())
        .containsExactly(RefusalReason.TCB_STATUS_NOT_ALLOWED);
    assertThat(
            Appraiser.appraise(
                    r,
                    ANY.withAllowedTcbStatuses(Set.of(TcbStatus.UP_TO_DATE, TcbStatus.OUT_OF_DATE)),
                    Instant.now())
                .accepted())
        .isTrue();
  }

  @Test
  void rejectsAPceSvnBelowThePolicyMinimumAndComparesMrConfigId() {
    VerificationResult r = quote6();
    ReferenceValues ref =
        ANY.withAllowedTcbStatuses(Set.of(TcbStatus.OUT_OF_DATE))
            .withMinimumTcb(Map.of("pcesvn", 13, "tdx.00", 5, "qe.isvsvn", 7))
            .withHostData(Set.of("00".repeat(48)));

    Appraisal a = Appraiser.appraise(r, ref, Instant.now());

    assertThat(a.reasons())
        .containsExactlyInAnyOrder(
            RefusalReason.TCB_BELOW_MINIMUM, RefusalReason.HOST_DATA_NOT_ALLOWED);
    assertThat(a.refusals()).anyMatch(x -> x.detail().equals("TCB pcesvn = 11, minimum 13"));
  }

  @Test
  void rejectsAQuoteWhoseTcbWasNotEvaluatedByDefault() {
    VerificationResult r =
        new Verifiers(TrustConfig.defaults())
            .verify(
                EvidenceFiles.load(Samples.read("tdx/azure/td-quote.bin"), Optional.empty()),
                Samples.at("2024-01-01"));

    assertThat(Appraiser.appraise(r, ANY, Instant.now()).reasons())
        .containsExactly(RefusalReason.TCB_STATUS_NOT_ALLOWED);
  }
}
