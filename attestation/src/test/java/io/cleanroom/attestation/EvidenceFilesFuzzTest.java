package io.cleanroom.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.TdxEvidence;
import io.cleanroom.attestation.snp.AuxBlob;
import io.cleanroom.attestation.tdx.CollateralFiles;
import io.cleanroom.attestation.verify.Certs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes evidence file recognition and the evidence container: the first byte selects {@link
 * EvidenceFiles#load} with no TEE type or a given one, or {@link EvidenceJson#read}. Any input is
 * read into evidence whose container survives a round trip, or refused with {@link
 * AttestationException}. Seeds are every evidence file shape of the shared folder (raw, hex, Azure
 * HCL report and vTPM JSON) and containers built from genuine evidence.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EvidenceFilesFuzzTest {

  private static final int CONTAINER = 4;

  @BeforeAll
  static void seeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    List<String> files =
        List.of(
            "sev-snp/virtee-sev/report_milan.hex",
            "sev-snp/oak/genoa_oc.snp_report.bin",
            "azure-cvm/snp/hcl-report.bin",
            "azure-cvm/snp/evidence-v0.json",
            "azure-cvm/snp/evidence-v1.json",
            "azure-cvm/snp/evidence-genoa.json",
            "azure-cvm/tdx/evidence-v1.json",
            "azure-cvm/tdx/hcl-report.bin",
            "tdx/dcap-qvl/tdx-quote.hex",
            "tdx/trustee/tdx_quote_5.dat");
    for (int i = 0; i < files.size(); i++) {
      String name = files.get(i).replaceAll("[^A-Za-z0-9._-]", "_");
      seeds.put(name, FuzzSeeds.selected(i % CONTAINER, Samples.read(files.get(i))));
    }
    for (Map.Entry<String, byte[]> c : containers().entrySet()) {
      seeds.put("container-" + c.getKey(), FuzzSeeds.selected(CONTAINER, c.getValue()));
    }
    FuzzSeeds.write(EvidenceFilesFuzzTest.class, "evidenceIsReadOrRefused", seeds);
  }

  private static Map<String, byte[]> containers() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    byte[] vcek = Samples.read("sev-snp/virtee-sev/vcek_milan.der");
    byte[] report = Samples.read("sev-snp/virtee-sev/report_milan.bin");
    out.put("snp", EvidenceJson.write(new SnpEvidence(report, List.of(vcek))));
    List<byte[]> askArk =
        Certs.splitCertificates(Samples.read("sev-snp/virtee-sev/cert_chain_milan.pem"));
    byte[] aux =
        AuxBlob.build(
            List.of(
                new AuxBlob.Entry(AuxBlob.VCEK, vcek),
                new AuxBlob.Entry(AuxBlob.ASK, askArk.get(0))));
    String withAux =
        "{\"format\":\"cleanroom-evidence/1\",\"tee\":\"snp\",\"report\":\""
            + Base64.getEncoder().encodeToString(report)
            + "\",\"auxblob\":\""
            + Base64.getEncoder().encodeToString(aux)
            + "\"}";
    out.put("snp-auxblob", withAux.getBytes(StandardCharsets.UTF_8));
    out.put(
        "tdx-collateral",
        EvidenceJson.write(
            new TdxEvidence(
                Samples.read("tdx/dcap-qvl/tdx_quote"),
                Optional.of(
                    CollateralFiles.load(
                        List.of(Samples.path("tdx/dcap-qvl/tdx_quote_collateral.json")))))));
    return out;
  }

  @FuzzTest(maxDuration = "10s")
  void evidenceIsReadOrRefused(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    int selector = Byte.toUnsignedInt(input[0]) % (CONTAINER + 1);
    Evidence e;
    try {
      e =
          switch (selector) {
            case CONTAINER -> EvidenceJson.read(data);
            case 0 -> EvidenceFiles.load(data, Optional.empty());
            default -> EvidenceFiles.load(data, Optional.of(TeeType.values()[selector - 1]));
          };
    } catch (AttestationException refused) {
      return;
    }
    byte[] container = EvidenceJson.write(e);
    Evidence again = EvidenceJson.read(container);
    assertThat(again.tee()).isEqualTo(e.tee());
    assertThat(EvidenceJson.write(again)).isEqualTo(container);
  }
}
