package io.cleanroom.attestation.snp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.FuzzSeeds;
import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.verify.Certs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the SEV-SNP extended-report certificate table (configfs-tsm {@code auxblob}): any input
 * parses into entries that lie inside it and survive a rebuild, or is refused with {@link
 * AttestationException}. Seeds are tables built from genuine VCEK, ASK and ARK certificates.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AuxBlobFuzzTest {

  @BeforeAll
  static void seeds() {
    List<byte[]> askArk =
        Certs.splitCertificates(Samples.read("sev-snp/virtee-sev/cert_chain_milan.pem"));
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    for (SnpSamples s : SnpSamples.list().subList(0, 3)) {
      List<AuxBlob.Entry> entries = new ArrayList<>();
      entries.add(new AuxBlob.Entry(AuxBlob.VCEK, Samples.read(s.keyCert())));
      entries.add(new AuxBlob.Entry(AuxBlob.ASK, askArk.get(0)));
      entries.add(new AuxBlob.Entry(AuxBlob.ARK, askArk.get(1)));
      seeds.put(SnpReportFuzzTest.name(s.keyCert()), AuxBlob.build(entries));
    }
    seeds.put("empty-table", AuxBlob.build(List.of()));
    FuzzSeeds.write(AuxBlobFuzzTest.class, "tableParsesOrIsRefused", seeds);
  }

  @FuzzTest(maxDuration = "10s")
  void tableParsesOrIsRefused(byte[] data) {
    List<AuxBlob.Entry> entries;
    try {
      entries = AuxBlob.parse(data);
    } catch (AttestationException refused) {
      return;
    }
    int total = 0;
    for (AuxBlob.Entry e : entries) {
      total += e.data().length;
    }
    assertThat(entries.size()).isLessThanOrEqualTo(64);
    assertThat(total).isLessThanOrEqualTo(entries.size() * data.length);
    List<AuxBlob.Entry> again = AuxBlob.parse(AuxBlob.build(entries));
    assertThat(again).hasSameSizeAs(entries);
    for (int i = 0; i < entries.size(); i++) {
      assertThat(again.get(i).guid()).isEqualTo(entries.get(i).guid());
      assertThat(again.get(i).data()).isEqualTo(entries.get(i).data());
    }
  }
}
