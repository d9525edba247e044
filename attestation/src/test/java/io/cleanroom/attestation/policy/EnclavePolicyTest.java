package io.cleanroom.attestation.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.sim.SimulatedReportRequest;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.attestation.verify.TrustConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An auditor's enclave policy file: read strictly (a typo never widens it), and appraising genuine
 * SEV-SNP evidence and simulated evidence exactly as a contract's allowed enclaves do.
 */
class EnclavePolicyTest {

  static final String GENOA_MR =
      "c57729018b0a6fb90dc17bb138b0aa35e4401004283ff4a2c24d3739ff3750f52384370e77b7032862a08c440a9bc4dc";
  static final String DEBUG_MR =
      "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01";

  static EnclavePolicy policy(String json) {
    return EnclavePolicy.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A genuine sample, verified at a date inside its key certificate's validity. */
  static VerificationResult sample(String report, String vcek, String date) throws Exception {
    TrustConfig trust =
        TrustConfig.defaults()
            .withCertificates(List.of(Samples.read(vcek)))
            .withCertCacheDir(Samples.amdCertDir());
    VerificationResult r =
        new Verifiers(trust).verify(new SnpEvidence(Samples.read(report), List.of()), at(date));
    assertThat(r.verified()).as(r.errors().toString()).isTrue();
    return r;
  }

  static Instant at(String date) {
    return Samples.at(date);
  }

  static byte[] reportData(VerificationResult r) {
    return HexFormat.of().parseHex(r.claims().orElseThrow().reportData());
  }

  @Test
  void acceptsGenuineGenoaEvidenceItsEntryDescribes() throws Exception {
    VerificationResult r =
        sample(
            "sev-snp/oak/genoa_oc.snp_report.bin", "sev-snp/oak/genoa_oc.vcek.der", "2026-01-01");
    EnclavePolicy p =
        policy(
            "{\"allowedEnclaves\":[{\"tee\":\"tdx\",\"measurement\":\"00\"},"
                + "{\"tee\":\"snp\",\"measurement\":\""
                + GENOA_MR.toUpperCase()
                + "\",\"minimumTcb\":\"bootloader=10,tee=0,snp=25,microcode=84\"}]}");
    List<Appraisal> tried = p.appraise(r, reportData(r), at("2026-01-01"));
    assertThat(AllowedEnclaves.accepted(tried)).as(AllowedEnclaves.refusals(tried)).isTrue();
    assertThat(tried).hasSize(1); // the tdx entry is not tried for snp evidence
  }

  @Test
  void refusesAnotherMeasurementAHigherTcbAndAnotherBinding() throws Exception {
    VerificationResult r =
        sample(
            "sev-snp/oak/genoa_oc.snp_report.bin", "sev-snp/oak/genoa_oc.vcek.der", "2026-01-01");
    Map<String, String> refused =
        Map.of(
            "{\"allowedEnclaves\":[{\"tee\":\"snp\",\"measurement\":\"" + "00".repeat(48) + "\"}]}",
            "MEASUREMENT_NOT_ALLOWED",
            "{\"allowedEnclaves\":[{\"tee\":\"snp\",\"measurement\":\""
                + GENOA_MR
                + "\",\"minimumTcb\":\"snp=26\"}]}",
            "TCB_BELOW_MINIMUM");
    refused.forEach(
        (json, reason) -> {
          List<Appraisal> tried = policy(json).appraise(r, reportData(r), at("2026-01-01"));
          assertThat(AllowedEnclaves.accepted(tried)).as(json).isFalse();
          assertThat(AllowedEnclaves.refusals(tried)).as(json).contains(reason);
        });
    // A sim entry is not even tried for genuine SEV-SNP evidence.
    List<Appraisal> simOnly =
        policy("{\"allowedEnclaves\":[{\"tee\":\"sim\",\"measurement\":\"" + GENOA_MR + "\"}]}")
            .appraise(r, reportData(r), at("2026-01-01"));
    assertThat(simOnly).isEmpty();
    assertThat(AllowedEnclaves.accepted(simOnly)).isFalse();
    byte[] other = reportData(r);
    other[0] ^= 1;
    List<Appraisal> tried =
        policy("{\"allowedEnclaves\":[{\"tee\":\"snp\",\"measurement\":\"" + GENOA_MR + "\"}]}")
            .appraise(r, other, at("2026-01-01"));
    assertThat(AllowedEnclaves.refusals(tried)).contains("REPORT_DATA_MISMATCH");
  }

  @Test
  void refusesAGenuineDebugGuestUnlessTheEntryAllowsDebug() throws Exception {
    VerificationResult r =
        sample(
            "sev-snp/go-sev-guest/attestation.bin", "sev-snp/go-sev-guest/vcek.der", "2023-06-01");
    String entry = "{\"tee\":\"snp\",\"measurement\":\"" + DEBUG_MR + "\"";
    List<Appraisal> strict =
        policy("{\"allowedEnclaves\":[" + entry + "}]}")
            .appraise(r, reportData(r), at("2023-06-01"));
    assertThat(AllowedEnclaves.refusals(strict)).contains("DEBUG_ENABLED");
    List<Appraisal> lax =
        policy("{\"allowedEnclaves\":[" + entry + ",\"allowDebug\":\"true\"}]}")
            .appraise(r, reportData(r), at("2023-06-01"));
    assertThat(AllowedEnclaves.accepted(lax)).as(AllowedEnclaves.refusals(lax)).isTrue();
  }

  @Test
  void acceptsSimulatedEvidenceOnlyThroughASimEntry() {
    SimulatedTee tee = SimulatedTee.generate();
    byte[] rd = new byte[64];
    rd[0] = 7;
    byte[] mr = new byte[48];
    VerificationResult r =
        new Verifiers(TrustConfig.defaults().withSimulatedRoot(tee.rootCertificate()))
            .verify(tee.report(SimulatedReportRequest.of(rd, mr)), Instant.now());
    assertThat(r.verified()).isTrue();
    String zeros = "00".repeat(48);
    assertThat(
            AllowedEnclaves.accepted(
                policy(
                        "{\"allowedEnclaves\":[{\"tee\":\"sim\",\"measurement\":\""
                            + zeros
                            + "\"}]}")
                    .appraise(r, rd, Instant.now())))
        .isTrue();
    List<Appraisal> snpOnly =
        policy("{\"allowedEnclaves\":[{\"tee\":\"snp\",\"measurement\":\"" + zeros + "\"}]}")
            .appraise(r, rd, Instant.now());
    assertThat(AllowedEnclaves.accepted(snpOnly)).isFalse();
  }

  @Test
  void refusesAMalformedPolicyRatherThanWideningIt() {
    String mr = "\"measurement\":\"" + "00".repeat(48) + "\"";
    Map<String, String> bad =
        Map.of(
            "[]",
            "not a JSON object",
            "{\"allowedEnclave\":[{\"tee\":\"snp\"," + mr + "}]}",
            "unknown policy member",
            "{\"allowedEnclaves\":[{\"tee\":\"snp\"," + mr + "}],\"allowDebug\":true}",
            "unknown policy member 'allowDebug'",
            "{\"allowedEnclaves\":[]}",
            "lists no enclave",
            "{\"allowedEnclaves\":[{\"tee\":\"snp\"," + mr + ",\"minimumTCB\":\"snp=8\"}]}",
            "unknown field 'minimumTCB'",
            "{\"allowedEnclaves\":[{\"tee\":\"snp\"," + mr + ",\"allowDebug\":false}]}",
            "allowedEnclaves[0].allowDebug must be a string",
            "{\"allowedEnclaves\":[{" + mr + "}]}",
            "allowedEnclaves[0].tee is required",
            "{\"allowedEnclaves\":[{\"tee\":\"sgx\"," + mr + "}]}",
            "unknown tee 'sgx'",
            "{\"allowedEnclaves\":[{\"tee\":\"snp\"}]}",
            "needs a hex measurement",
            "{\"allowedEnclaves\":",
            "not JSON");
    bad.forEach(
        (json, message) ->
            assertThatThrownBy(() -> policy(json))
                .as(json)
                .isInstanceOf(AttestationException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((AttestationException) e).code())
                .isEqualTo(AttestationException.Code.MALFORMED_POLICY));
  }
}
