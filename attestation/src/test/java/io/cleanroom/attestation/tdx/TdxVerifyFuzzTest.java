package io.cleanroom.attestation.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cleanroom.attestation.FuzzSeeds;
import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.evidence.TdxEvidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.verify.TrustConfig;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the whole TDX verification with a fuzzed quote and genuine collateral (dcap-qvl's, at a
 * date inside its window): the verifier must never throw, and must verify nothing but a genuine
 * quote: when it says verified, the signed header and TD report are those of a genuine sample.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TdxVerifyFuzzTest {

  private static final Instant NOW = Samples.at("2025-07-01");
  private static final TdxVerifier VERIFIER =
      new TdxVerifier(
          TrustConfig.defaults()
              .withCollateral(TdxSamples.named("tdx/dcap-qvl/tdx_quote").loadCollateral()));
  private static final Set<String> GENUINE =
      TdxSamples.all().map(s -> signed(Samples.read(s.quote()))).collect(Collectors.toSet());

  @BeforeAll
  static void seeds() {
    FuzzSeeds.write(
        TdxVerifyFuzzTest.class,
        "verifiesOnlyGenuineQuotesAndNeverThrows",
        TdxQuoteFuzzTest.genuineQuotes());
  }

  @FuzzTest(maxDuration = "10s")
  void verifiesOnlyGenuineQuotesAndNeverThrows(byte[] quote) {
    VerificationResult r = VERIFIER.verify(new TdxEvidence(quote, Optional.empty()), NOW);

    if (r.verified()) {
      assertThat(GENUINE).contains(signed(quote));
    } else {
      assertThat(r.errors()).isNotEmpty();
    }
  }

  private static String signed(byte[] quote) {
    return HexFormat.of().formatHex(quote, 0, TdxQuote.parse(quote).signedLength());
  }
}
