package io.cleanroom.attestation.verify;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.FuzzSeeds;
import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.snp.AmdKeyCert;
import io.cleanroom.attestation.snp.SnpProduct;
import io.cleanroom.attestation.tdx.PckExtensions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes what is read from key certificates before their signature is checked: AMD's VCEK/VLEK
 * extensions (product, TCB, hwID, CSP id) and Intel's PCK SGX extensions (TCB, PCE id, FMSPC). The
 * first byte selects a whole fuzzed certificate (AMD or PCK) or a fuzzed value of one extension in
 * an otherwise genuine certificate. Only {@link AttestationException} may escape.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class KeyCertificateFuzzTest {

  private static final int AMD_CERT = 0;
  private static final int PCK_CERT = 1;
  private static final int AMD_EXTENSION = 2;
  private static final int SGX_EXTENSION = 3;

  /** The AMD extensions the verifier reads, selected by the byte after the selector. */
  static final List<String> AMD_SUFFIXES =
      List.of("2", "3.1", "3.2", "3.3", "3.8", "3.9", "4", "5");

  private static final byte[] VCEK = KeyCertificates.vcek();
  private static final byte[] PCK = KeyCertificates.pck();

  @BeforeAll
  static void seeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    for (String f :
        List.of(
            "sev-snp/virtee-sev/vcek_milan.der",
            "sev-snp/virtee-sev/vcek_turin.der",
            "sev-snp/trustee/test-vlek.der",
            "sev-snp/oak/genoa_oc.vcek.der")) {
      seeds.put(
          "amd-" + f.replaceAll("[^A-Za-z0-9._-]", "_"),
          FuzzSeeds.selected(AMD_CERT, Samples.read(f)));
    }
    seeds.put("pck", FuzzSeeds.selected(PCK_CERT, PCK));
    for (int i = 0; i < AMD_SUFFIXES.size(); i++) {
      String oid = KeyCertificates.AMD + AMD_SUFFIXES.get(i);
      byte[] turin = Samples.read("sev-snp/virtee-sev/vcek_turin.der");
      byte[] value =
          AMD_SUFFIXES.get(i).equals("3.9")
              ? KeyCertificates.extension(turin, oid)
              : AMD_SUFFIXES.get(i).equals("5")
                  ? KeyCertificates.extension(Samples.read("sev-snp/trustee/test-vlek.der"), oid)
                  : KeyCertificates.extension(VCEK, oid);
      seeds.put(
          "amd-ext-" + AMD_SUFFIXES.get(i),
          FuzzSeeds.selected(AMD_EXTENSION, FuzzSeeds.selected(i, value)));
    }
    seeds.put(
        "sgx-ext",
        FuzzSeeds.selected(SGX_EXTENSION, KeyCertificates.extension(PCK, KeyCertificates.SGX)));
    FuzzSeeds.write(KeyCertificateFuzzTest.class, "extensionsAreReadOrRefused", seeds);
  }

  @FuzzTest(maxDuration = "10s")
  void extensionsAreReadOrRefused(byte[] input) {
    if (input.length < 2) {
      return;
    }
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    try {
      switch (Byte.toUnsignedInt(input[0]) % 4) {
        case AMD_CERT -> readAmd(data);
        case PCK_CERT -> PckExtensions.of(Certs.parse(data));
        case AMD_EXTENSION -> {
          String suffix = AMD_SUFFIXES.get(Byte.toUnsignedInt(data[0]) % AMD_SUFFIXES.size());
          byte[] value = Arrays.copyOfRange(data, 1, data.length);
          readAmd(KeyCertificates.withExtension(VCEK, KeyCertificates.AMD + suffix, value));
        }
        default ->
            PckExtensions.of(
                Certs.parse(KeyCertificates.withExtension(PCK, KeyCertificates.SGX, data)));
      }
    } catch (AttestationException refused) {
      // The one allowed outcome besides reading the extensions.
    }
  }

  private static void readAmd(byte[] der) {
    Certs.ParsedCert cert = Certs.parse(der);
    if (AmdKeyCert.isKeyCert(cert)) {
      for (SnpProduct p : SnpProduct.values()) {
        AmdKeyCert.of(cert, p);
      }
    }
  }
}
