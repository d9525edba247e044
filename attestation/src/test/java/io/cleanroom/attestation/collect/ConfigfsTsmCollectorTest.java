package io.cleanroom.attestation.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.TdxEvidence;
import io.cleanroom.attestation.sim.SimFixture;
import io.cleanroom.attestation.snp.AuxBlob;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.TrustConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the collector against a fake configfs-tsm tree laid out as the kernel would fill it. */
class ConfigfsTsmCollectorTest {

  private static Path fakeEntry(Path root, String provider, byte[] outblob, byte[] auxblob)
      throws IOException {
    Path entry = Files.createDirectories(root.resolve("entry"));
    Files.writeString(entry.resolve("provider"), provider + "\n");
    Files.writeString(entry.resolve("generation"), "1\n");
    Files.write(entry.resolve("outblob"), outblob);
    if (auxblob != null) {
      Files.write(entry.resolve("auxblob"), auxblob);
    }
    return entry;
  }

  @Test
  void collectsSnpEvidenceWithTheCertificateTableAndItVerifies(@TempDir Path root)
      throws IOException {
    List<byte[]> askArk =
        Certs.splitCertificates(Samples.read("sev-snp/virtee-sev/cert_chain_milan.pem"));
    byte[] aux =
        AuxBlob.build(
            List.of(
                new AuxBlob.Entry(AuxBlob.VCEK, Samples.read("sev-snp/virtee-sev/vcek_milan.der")),
                new AuxBlob.Entry(AuxBlob.ASK, askArk.get(0)),
                new AuxBlob.Entry(AuxBlob.ARK, askArk.get(1))));
    Path entry =
        fakeEntry(root, "sev_guest", Samples.read("sev-snp/virtee-sev/report_milan.bin"), aux);
    byte[] reportData = SimFixture.reportData(0x5a);

    Evidence e = new ConfigfsTsmCollector(root, () -> "entry", () -> {}).collect(reportData);

    assertThat(Files.readAllBytes(entry.resolve("inblob"))).isEqualTo(reportData);
    assertThat(e).isInstanceOf(SnpEvidence.class);
    assertThat(((SnpEvidence) e).certificates()).hasSize(3);
    assertThat(new Verifiers(TrustConfig.defaults()).verify(e, Samples.at("2024-06-01")).verified())
        .isTrue();
  }

  @Test
  void selectsTdxFromTheProvider(@TempDir Path root) throws IOException {
    fakeEntry(root, "tdx_guest", Samples.read("tdx/trustee/tdx_quote_4.dat"), null);

    Evidence e =
        new ConfigfsTsmCollector(root, () -> "entry", () -> {}).collect(SimFixture.reportData(1));

    assertThat(e).isInstanceOf(TdxEvidence.class);
  }

  @Test
  void refusesAReportRewrittenWhileBeingRead(@TempDir Path root) throws IOException {
    Path entry = fakeEntry(root, "sev_guest", new byte[1184], null);
    Runnable otherWriter =
        () -> {
          try {
            Files.writeString(entry.resolve("generation"), "2\n");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };

    assertThatThrownBy(
            () ->
                new ConfigfsTsmCollector(root, () -> "entry", otherWriter)
                    .collect(SimFixture.reportData(1)))
        .isInstanceOfSatisfying(
            AttestationException.class,
            e -> assertThat(e.getMessage()).contains("rewritten while being read"));
  }

  @Test
  void refusesAnUnknownProviderAndWrongReportDataLength(@TempDir Path root) throws IOException {
    fakeEntry(root, "arm_cca_guest", new byte[10], null);
    ConfigfsTsmCollector c = new ConfigfsTsmCollector(root, () -> "entry", () -> {});

    assertThatThrownBy(() -> c.collect(SimFixture.reportData(1)))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("arm_cca_guest");
    assertThatThrownBy(() -> c.collect(new byte[32]))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("64 bytes");
  }

  @Test
  void fallsBackToTheSimulatorWithoutConfigfsTsm(@TempDir Path root) {
    Collector sim = new SimulatedCollector(SimFixture.TEE, SimFixture.measurement(1));

    assertThat(Collectors.detect(root.resolve("absent"), () -> sim)).isSameAs(sim);
    assertThat(Collectors.detect(root, () -> sim)).isInstanceOf(ConfigfsTsmCollector.class);
    Evidence e = sim.collect(SimFixture.reportData(9));
    assertThat(SimFixture.VERIFIERS.verify(e, Instant.now()).verified()).isTrue();
  }
}
