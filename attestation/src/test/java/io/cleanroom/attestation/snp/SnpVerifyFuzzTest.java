package io.cleanroom.attestation.snp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cleanroom.attestation.FuzzSeeds;
import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.TrustConfig;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the whole SEV-SNP verification with fuzzed evidence: the input's first 1184 bytes are the
 * report and the rest is the key certificate (DER); the ASK/ARK come from the certificate cache as
 * in production. The verifier must never throw, and must verify nothing but a genuine report: when
 * it says verified, the signed bytes and the signature are those of a genuine sample.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SnpVerifyFuzzTest {

  /** The signed region and the two 72-byte signature fields. */
  private static final int AUTHENTIC = SnpReport.SIGNED_LENGTH + 2 * 72;

  private static final Instant NOW = Samples.at("2026-01-01");
  private static final SnpVerifier VERIFIER =
      SnpVerifier.amd(TrustConfig.defaults().withCertCacheDir(Samples.amdCertDir()));
  private static final Set<String> GENUINE =
      SnpSamples.all()
          .map(s -> HexFormat.of().formatHex(Samples.read(s.report()), 0, AUTHENTIC))
          .collect(Collectors.toSet());

  @BeforeAll
  static void seeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    for (SnpSamples s : SnpSamples.list()) {
      byte[] report = Samples.read(s.report());
      byte[] key = Certs.splitCertificates(Samples.read(s.keyCert())).get(0);
      byte[] seed = Arrays.copyOf(report, report.length + key.length);
      System.arraycopy(key, 0, seed, report.length, key.length);
      seeds.put(SnpReportFuzzTest.name(s.report()), seed);
    }
    FuzzSeeds.write(SnpVerifyFuzzTest.class, "verifiesOnlyGenuineReportsAndNeverThrows", seeds);
  }

  @FuzzTest(maxDuration = "10s")
  void verifiesOnlyGenuineReportsAndNeverThrows(byte[] data) {
    int split = Math.min(data.length, SnpReport.SIZE);
    byte[] report = Arrays.copyOf(data, split);
    List<byte[]> certs =
        split == data.length ? List.of() : List.of(Arrays.copyOfRange(data, split, data.length));

    VerificationResult r = VERIFIER.verify(new SnpEvidence(report, certs), NOW);

    if (r.verified()) {
      assertThat(GENUINE).contains(HexFormat.of().formatHex(report, 0, AUTHENTIC));
    } else {
      assertThat(r.errors()).isNotEmpty();
    }
  }
}
