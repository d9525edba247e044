package io.cleanroom.attestation.snp;

import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.verify.Certs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The genuine SEV-SNP samples of the shared folder with the fields PROVENANCE.md decodes for each
 * (decoded there independently of this code) and a date inside the key certificate's validity.
 */
record SnpSamples(
    String report,
    String keyCert,
    String now,
    int version,
    String product,
    String signer,
    boolean debug,
    Map<String, Integer> tcb,
    String measurement,
    String reportData32,
    String chipId8) {

  static final Map<String, Integer> MILAN_3_8_115 =
      Map.of("bootloader", 3, "tee", 0, "snp", 8, "microcode", 115);
  static final Map<String, Integer> MILAN_4_24_219 =
      Map.of("bootloader", 4, "tee", 0, "snp", 24, "microcode", 219);

  static Stream<SnpSamples> all() {
    return Stream.of(
        new SnpSamples(
            "sev-snp/go-sev-guest/attestation.bin",
            "sev-snp/go-sev-guest/vcek.der",
            "2023-06-01",
            2,
            "Milan",
            "VCEK",
            true,
            Map.of("bootloader", 2, "tee", 0, "snp", 5, "microcode", 68),
            "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01",
            "0102030405000000000000000000000000000000000000000000000000000000",
            "3ac3fe21e13fb099"),
        new SnpSamples(
            "sev-snp/virtee-sev/report_milan.bin",
            "sev-snp/virtee-sev/vcek_milan.der",
            "2024-06-01",
            2,
            "Milan",
            "VCEK",
            false,
            MILAN_3_8_115,
            "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f",
            "d447b55d197491bfe15cf298f9de9986b7a7c4be2468b4f6e2d53b71d7c64581",
            "d49554ec717f4e5b"),
        new SnpSamples(
            "sev-snp/trustee/test-report.bin",
            "sev-snp/trustee/test-vcek.der",
            "2024-06-01",
            2,
            "Milan",
            "VCEK",
            false,
            MILAN_3_8_115,
            "a1f3930413247bb38cfc171579ea3c12d5fe4901f0c792f63fd75d98f1ef827c23500644e0e692e6be917f9050d3d38c",
            "ec6c52d7533cc2c4f45be7849cf112ab82b2009fe7bd43e71ed08c14400ad7e2",
            "c38427a30d4c7af9"),
        new SnpSamples(
            "sev-snp/trustee/test-vlek-report.bin",
            "sev-snp/trustee/test-vlek.der",
            "2025-06-01",
            3,
            "Milan",
            "VLEK",
            false,
            Map.of("bootloader", 4, "tee", 0, "snp", 24, "microcode", 217),
            "8922ebbdd00ec2c541f36a6e7a82a8773a7accb451ed67bc94e740dbe92c93c4e8c9af857f5ceeb5a493df2a570d7bf0",
            "819770b7e6ea6df8dd8fd4dd146b073c0bf4f3ce5b0977ecac486e3a05ed1bd5",
            "0000000000000000"),
        new SnpSamples(
            "sev-snp/oak/milan_oc_release.snp_report.bin",
            "sev-snp/oak/milan_oc_release.vcek.der",
            "2026-01-01",
            3,
            "Milan",
            "VCEK",
            false,
            MILAN_4_24_219,
            "195b01b74976a1faba13bd85eaf787958f0a46e6dddd45c5bdbf8673522777842b8057ae5d866b75416efb62012deaa3",
            "a7ca989b0359ea4e5efc47bdbcad84b2df3f26fd09ee7bda5bb27953abf68992",
            "a3fdc2c64dc299ab"),
        new SnpSamples(
            "sev-snp/oak/milan_rk_release.snp_report.bin",
            "sev-snp/oak/milan_rk_release.vcek.der",
            "2026-01-01",
            3,
            "Milan",
            "VCEK",
            false,
            MILAN_4_24_219,
            "195b01b74976a1faba13bd85eaf787958f0a46e6dddd45c5bdbf8673522777842b8057ae5d866b75416efb62012deaa3",
            "31d41c2cd203b6acd547e0551e1e9616275a2b7c634eb2256aff1cab1f94a986",
            "6c65aee8a139e984"),
        new SnpSamples(
            "sev-snp/oak/genoa_oc.snp_report.bin",
            "sev-snp/oak/genoa_oc.vcek.der",
            "2026-01-01",
            5,
            "Genoa",
            "VCEK",
            false,
            Map.of("bootloader", 10, "tee", 0, "snp", 25, "microcode", 84),
            "c57729018b0a6fb90dc17bb138b0aa35e4401004283ff4a2c24d3739ff3750f52384370e77b7032862a08c440a9bc4dc",
            "8100555af0ad8e7525be6dffeed0af83e30bbacbf03b76e175e6894d1ed057ce",
            "d2421d976f95ce0b"),
        new SnpSamples(
            "sev-snp/oak/turin_oc.snp_report.bin",
            "sev-snp/oak/turin_oc.vcek.der",
            "2026-01-01",
            5,
            "Turin",
            "VCEK",
            false,
            Map.of("fmc", 0, "bootloader", 1, "tee", 0, "snp", 2, "microcode", 71),
            "f924dd18f168df60fbea937f0b086284d51b1b376de872bac43694f61134d57967c318018de7335503023dbb50dee624",
            "e0fd0bdb6aa4030a6ddea9073e1fcec5be6c782a2c8075a0825dfb3d9a81b924",
            "3b42092f69c656d3"),
        new SnpSamples(
            "azure-cvm/snp/hcl-report.snp-report.bin",
            "azure-cvm/snp/vcek.pem",
            "2024-06-01",
            2,
            "Milan",
            "VCEK",
            false,
            MILAN_3_8_115,
            "9ac48fcac8a2d88aeeff8d427ad4f2be0e3917c748a18bdf52cc317e7fe20308b459d5ef1a12e0c22944eb386d17c315",
            "b3fbad6514c83caeb0380882145e49f794229ef37c421b91fc47ff93556bafac",
            "19752a447db501a3"),
        new SnpSamples(
            "azure-cvm/snp/evidence-v0.snp-report.bin",
            "azure-cvm/snp/evidence-v0.vcek.pem",
            "2026-01-01",
            3,
            "Milan",
            "VCEK",
            false,
            MILAN_4_24_219,
            "6a063be9dd79f6371c842e480f8dc3b5c725961344e57130e88c5adf49e8f7f6c79b75a5eb77fc769959f4aeb2f9401e",
            "af2910341dd8108360e485f1b72494255190b9cdd5ccb44b73b883037cf99f21",
            "66a5a7b4403a3006"),
        new SnpSamples(
            "azure-cvm/snp/evidence-v1.snp-report.bin",
            "azure-cvm/snp/evidence-v1.vcek.der",
            "2026-01-01",
            3,
            "Milan",
            "VCEK",
            false,
            MILAN_4_24_219,
            "6a063be9dd79f6371c842e480f8dc3b5c725961344e57130e88c5adf49e8f7f6c79b75a5eb77fc769959f4aeb2f9401e",
            "af2910341dd8108360e485f1b72494255190b9cdd5ccb44b73b883037cf99f21",
            "66a5a7b4403a3006"),
        new SnpSamples(
            "azure-cvm/snp/evidence-v2.snp-report.bin",
            "azure-cvm/snp/evidence-v2.vcek.der",
            "2026-01-01",
            3,
            "Milan",
            "VCEK",
            false,
            MILAN_4_24_219,
            "5b0ce64ad1c1f6375dbda5f760b98526ca1bcf91b8195091afc28e7b024251d68fe32e05af34048d6607678cd23283ff",
            "cf7cc0731c50f64876804b3943b2bfbd93dba69f5928e3df223e78ff34dd46ee",
            "2e0e62a0e6f39bc4"),
        new SnpSamples(
            "azure-cvm/snp/evidence-genoa.snp-report.bin",
            "azure-cvm/snp/evidence-genoa.vcek.pem",
            "2026-01-01",
            3,
            "Genoa",
            "VCEK",
            false,
            Map.of("bootloader", 10, "tee", 0, "snp", 23, "microcode", 84),
            "f57dc09a507c6ecd82369bffb600f0003792f4d99bc26e985ec0c266fc34faf3706faf814c9e61065768a6ff917c89ae",
            "b581f12e29a2d7d64e5e0b738d563879a78b51c644d0fa0cce02b48699f6bf5f",
            "0506ffba875e939c"));
  }

  static SnpSamples named(String report) {
    return all().filter(s -> s.report.equals(report)).findFirst().orElseThrow();
  }

  /** The report with its key certificate (and whatever else the certificate file holds). */
  SnpEvidence evidence() {
    return new SnpEvidence(Samples.read(report), Certs.splitCertificates(Samples.read(keyCert)));
  }

  Instant instant() {
    return Samples.at(now);
  }

  @Override
  public String toString() {
    return report;
  }

  static List<SnpSamples> list() {
    return all().toList();
  }
}
