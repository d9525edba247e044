package io.cleanroom.attestation.snp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.FuzzSeeds;
import io.cleanroom.attestation.Samples;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the SEV-SNP report parser: any input either parses into a report whose every field reads
 * back, or is refused with {@link AttestationException}; nothing else may escape, and no input may
 * hang. Seeds are the genuine reports of the shared folder.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SnpReportFuzzTest {

  @BeforeAll
  static void seeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    SnpSamples.all().forEach(s -> seeds.put(name(s.report()), Samples.read(s.report())));
    FuzzSeeds.write(SnpReportFuzzTest.class, "reportParsesOrIsRefused", seeds);
  }

  @FuzzTest(maxDuration = "10s")
  void reportParsesOrIsRefused(byte[] data) {
    SnpReport r;
    try {
      r = SnpReport.parse(data);
    } catch (AttestationException refused) {
      return;
    }
    assertThat(r.bytes()).isEqualTo(data);
    SnpProduct product =
        r.cpuid().flatMap(c -> SnpProduct.fromCpuid(c[0], c[1])).orElse(SnpProduct.MILAN);
    new SnpTcb(r.reportedTcbRaw(), product).components();
    r.signatureP1363();
    assertThat(r.measurement()).hasSize(96);
    assertThat(r.reportData()).hasSize(128);
    assertThat(r.chipId()).hasSize(64);
    r.firmware();
    r.debug();
    SnpChain.kindOf(r);
  }

  static String name(String samplePath) {
    return samplePath.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
