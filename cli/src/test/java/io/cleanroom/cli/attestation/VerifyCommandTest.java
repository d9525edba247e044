package io.cleanroom.cli.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.sim.SimulatedReportRequest;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.cli.Cli;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

  private static final Path ATT =
      Path.of(System.getProperty("cleanroom.shared.dir", "../../shared"), "testdata/attestation");

  private static String f(String relative) {
    return ATT.resolve(relative).toString();
  }

  private static JsonNode json(Cli c) {
    return CanonicalJson.parse(c.out());
  }

  @Test
  void verifiesAGenuineSnpReportAndPrintsOneJsonObject() {
    Cli c =
        Cli.run(
            "attestation",
            "verify",
            "--evidence",
            f("sev-snp/oak/turin_oc.snp_report.bin"),
            "--certs",
            f("sev-snp/oak/turin_oc.vcek.der"),
            "--certs",
            f("sev-snp/amd-roots/canonical"),
            "--at",
            "2026-01-01T00:00:00Z");

    assertThat(c.exitCode()).as(c.err()).isZero();
    JsonNode j = json(c);
    assertThat(j.get("verified").booleanValue()).isTrue();
    assertThat(j.get("tee").textValue()).isEqualTo("snp");
    assertThat(j.get("tcbStatus").textValue()).isEqualTo("NotApplicable");
    assertThat(j.at("/claims/product").textValue()).isEqualTo("Turin");
    assertThat(j.at("/claims/simulated").booleanValue()).isFalse();
    assertThat(j.get("checks").size()).isGreaterThan(5);
    assertThat(j.get("errors").size()).isZero();
  }

  @Test
  void refusesTheDebugGuestUnderAPolicyWithExitOne(@TempDir Path dir) throws IOException {
    Path policy = Files.writeString(dir.resolve("policy.json"), "{\"measurements\": [\"*\"]}");
    Cli c =
        Cli.run(
            "attestation",
            "verify",
            "--evidence",
            f("sev-snp/go-sev-guest/attestation.bin"),
            "--certs",
            f("sev-snp/go-sev-guest/vcek.der"),
            "--certs",
            f("sev-snp/go-sev-guest/ask_ark_milan.pem"),
            "--at",
            "2023-06-01",
            "--policy",
            policy.toString());

    assertThat(c.exitCode()).isEqualTo(1);
    JsonNode j = json(c);
    assertThat(j.get("verified").booleanValue()).isTrue();
    assertThat(j.at("/appraisal/accepted").booleanValue()).isFalse();
    assertThat(j.at("/appraisal/refusals/0/reason").textValue()).isEqualTo("DEBUG_ENABLED");
  }

  @Test
  void evaluatesTdxCollateralFromDirectories() {
    Cli c =
        Cli.run(
            "attestation",
            "verify",
            "--evidence",
            f("tdx/trustee/tdx_quote_6.dat"),
            "--collateral",
            f("tdx/trustee"),
            "--collateral",
            f("tdx/intel-roots"),
            "--at",
            "2025-11-01T00:00:00Z");

    assertThat(c.exitCode()).as(c.out()).isZero();
    JsonNode j = json(c);
    assertThat(j.get("tee").textValue()).isEqualTo("tdx");
    assertThat(j.get("tcbStatus").textValue()).isEqualTo("OutOfDate");
    assertThat(j.at("/claims/fmspc").textValue()).isEqualTo("00a06d080000");
  }

  @Test
  void readsDcapCollateralJsonAndHexQuotes() {
    Cli c =
        Cli.run(
            "attestation",
            "verify",
            "--evidence",
            f("tdx/dcap-qvl/near_quote_hex.txt"),
            "--tee",
            "tdx",
            "--collateral",
            f("tdx/dcap-qvl/near_quote_collateral.json"),
            "--at",
            "2025-09-15");

    assertThat(c.exitCode()).as(c.out()).isZero();
    assertThat(json(c).get("tcbStatus").textValue()).isEqualTo("UpToDate");
  }

  @Test
  void refusesTheVlekAfterItExpired() {
    Cli c =
        Cli.run(
            "attestation",
            "verify",
            "--evidence",
            f("sev-snp/trustee/test-vlek-report.bin"),
            "--certs",
            f("sev-snp/trustee/test-vlek.der"),
            "--certs",
            f("sev-snp/amd-roots/canonical"),
            "--at",
            "2026-01-01");

    assertThat(c.exitCode()).isEqualTo(1);
    assertThat(json(c).get("verified").booleanValue()).isFalse();
    assertThat(json(c).get("errors").get(0).textValue()).startsWith("validity");
  }

  @Test
  void verifiesSimulatedEvidenceOnlyWithItsRootAndShowsItIsSimulated(@TempDir Path dir)
      throws IOException {
    SimulatedTee sim = SimulatedTee.loadOrCreate(dir.resolve("sim"));
    Path ev =
        Files.write(
            dir.resolve("evidence.json"),
            EvidenceJson.write(sim.report(SimulatedReportRequest.of(new byte[64], new byte[48]))));
    String root = dir.resolve("sim").resolve(SimulatedTee.ROOT_FILE).toString();

    Cli trusted =
        Cli.run("attestation", "verify", "--evidence", ev.toString(), "--simulated-root", root);
    Cli untrusted = Cli.run("attestation", "verify", "--evidence", ev.toString());

    assertThat(trusted.exitCode()).as(trusted.out()).isZero();
    assertThat(json(trusted).get("tee").textValue()).isEqualTo("sim");
    assertThat(json(trusted).at("/claims/simulated").booleanValue()).isTrue();
    assertThat(untrusted.exitCode()).isEqualTo(1);
  }

  @Test
  void printsARefusalForUnreadableEvidence(@TempDir Path dir) throws IOException {
    Path junk = Files.writeString(dir.resolve("junk.json"), "{\"nothing\": true}");

    Cli c = Cli.run("attestation", "verify", "--evidence", junk.toString());

    assertThat(c.exitCode()).isEqualTo(1);
    assertThat(json(c).get("verified").booleanValue()).isFalse();
  }

  @Test
  void exitsTwoOnUsageErrors(@TempDir Path dir) throws IOException {
    String ev = f("sev-snp/virtee-sev/report_milan.bin");
    Path badPolicy = Files.writeString(dir.resolve("p.json"), "{\"allowDebugg\": true}");

    assertThat(Cli.run("attestation", "verify").exitCode()).isEqualTo(2);
    assertThat(Cli.run("attestation", "verify", "--evidence", ev, "--tee", "sgx").exitCode())
        .isEqualTo(2);
    assertThat(Cli.run("attestation", "verify", "--evidence", ev, "--at", "yesterday").exitCode())
        .isEqualTo(2);
    assertThat(
            Cli.run("attestation", "verify", "--evidence", ev, "--policy", badPolicy.toString())
                .exitCode())
        .isEqualTo(2);
  }
}
