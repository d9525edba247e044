package io.cleanroom.attestation.tdx;

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
 * Fuzzes the TDX quote parser (versions 4 and 5, TD 1.0 and 1.5 bodies, QE certification data, PCK
 * chain): any input parses into a quote whose every field reads back, or is refused with {@link
 * AttestationException}. Seeds are the genuine quotes of the shared folder.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TdxQuoteFuzzTest {

  @BeforeAll
  static void seeds() {
    FuzzSeeds.write(TdxQuoteFuzzTest.class, "quoteParsesOrIsRefused", genuineQuotes());
  }

  static Map<String, byte[]> genuineQuotes() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    TdxSamples.all()
        .forEach(
            s -> seeds.put(s.quote().replaceAll("[^A-Za-z0-9._-]", "_"), Samples.read(s.quote())));
    return seeds;
  }

  @FuzzTest(maxDuration = "10s")
  void quoteParsesOrIsRefused(byte[] data) {
    TdxQuote q;
    try {
      q = TdxQuote.parse(data);
    } catch (AttestationException refused) {
      return;
    }
    assertThat(q.version()).isIn(4, 5);
    assertThat(q.signedLength()).isLessThanOrEqualTo(data.length);
    assertThat(q.pckChain()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(q.mrtd()).hasSize(96);
    assertThat(q.reportData()).hasSize(128);
    assertThat(q.rtmrs()).hasSize(4);
    q.teeTcbSvn2();
    q.mrServiceTd();
    q.debug();
    QeReport qe = q.qeReport();
    qe.mrSigner();
    qe.isvSvn();
    assertThat(qe.reportData()).hasSize(64);
  }
}
