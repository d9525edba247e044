package io.cleanroom.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.attestation.sim.SimulatedReportRequest;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.cli.Cli;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import io.cleanroom.testing.log.SampleLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cleanroom verify log --trusted-keys} with the enclave pinned through its attestation
 * evidence (an attestation answer or a receipt, and the auditor's policy) instead of a bare key:
 * the key is pinned only when the evidence verifies, binds it, and the policy accepts it.
 */
class LogEnclavePinsTest {

  static final String LOG = "collab-42";
  static final String ZEROS = "00".repeat(48);
  static SampleLogs log;
  static List<byte[]> entries;

  @TempDir Path dir;
  Path export;
  Path simulator;
  String root;

  @BeforeAll
  static void signEntries() {
    log = new SampleLogs();
    entries = log.entries(30);
  }

  @AfterAll
  static void closeKeys() {
    log.close();
  }

  @BeforeEach
  void writeFiles() throws IOException {
    export = dir.resolve("log.jsonl");
    Files.write(export, log.export(LOG, entries));
    simulator = dir.resolve("sim");
    SimulatedTee.loadOrCreate(simulator);
    root = simulator.resolve(SimulatedTee.ROOT_FILE).toString();
  }

  /** The attestation answer of the log's enclave, its simulated evidence binding {@code bound}. */
  ObjectNode attestation(byte[] bound, UnaryOperator<SimulatedReportRequest> r) {
    return EnclaveIdentities.simulated(
        SimulatedTee.loadOrCreate(simulator), log.enclave().publicKey(), bound, new byte[48], r);
  }

  ObjectNode attestation() {
    return attestation(log.enclave().publicKey(), UnaryOperator.identity());
  }

  String write(String name, Object json) throws IOException {
    Files.writeString(dir.resolve(name), json.toString());
    return name;
  }

  static String policy(String... entries) {
    return "{\"allowedEnclaves\": [" + String.join(",", entries) + "]}";
  }

  static String sim(String measurement, String... more) {
    return "{\"tee\":\"sim\",\"measurement\":\"" + measurement + "\"" + String.join("", more) + "}";
  }

  /** A trusted-keys file pinning the portal and broker as bare keys, and {@code enclave}. */
  Path keys(String... enclave) throws IOException {
    Path file = dir.resolve("trusted-keys.json");
    Files.writeString(
        file,
        "{\"portal\":[\""
            + log.portal().publicKeyBase64Url()
            + "\"],\"broker\":[\""
            + log.broker().publicKeyBase64Url()
            + "\"],\"enclave\":["
            + String.join(",", enclave)
            + "]}");
    return file;
  }

  static String byEvidence(String kind, String source, String policy) {
    return "{\"" + kind + "\":" + source + ",\"policy\":" + policy + "}";
  }

  static String quoted(String s) {
    return "\"" + s + "\"";
  }

  Cli verify(Path keys, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("verify", "log", export.toString(), "--trusted-keys", keys.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void pinsTheEnclaveKeyItsAttestationBindsWhenThePolicyAcceptsIt() throws IOException {
    String a = write("enclave-attestation.json", attestation());
    String p = write("enclave-policy.json", policy(sim(ZEROS)));
    Cli r = verify(keys(byEvidence("attestation", quoted(a), quoted(p))), "--simulated-root", root);

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains(
            "enclave key "
                + log.enclave().publicKeyBase64Url()
                + " pinned through its evidence (attestation enclave-attestation.json): sim verified,"
                + " measurement "
                + ZEROS
                + ", binds the key, the policy accepts it")
        .contains(ReceiptCommand.SIMULATED)
        .containsPattern("enclave +\\(pinned\\) +" + log.enclave().publicKeyBase64Url())
        .doesNotContain("NOT pinned")
        .endsWith("log verified\n");

    Cli inline =
        verify(
            keys(byEvidence("attestation", attestation().toString(), policy(sim(ZEROS)))),
            "--simulated-root",
            root);
    assertThat(inline.exitCode()).as(inline.out() + inline.err()).isZero();
    assertThat(inline.out()).contains("pinned through its evidence (attestation (inline))");
  }

  @Test
  void pinsFromAReceiptWithAnInlinePolicyBesideBareKeys() throws IOException {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("runId", "run-1");
    body.put("time", "2026-12-07T10:00:00Z");
    Files.write(
        dir.resolve("receipt.json"), EnclaveIdentities.receipt(attestation(), log.enclave(), body));
    try (ReceiptSigningKey another = ReceiptSigningKey.generate()) {
      Cli r =
          verify(
              keys(
                  quoted(another.publicKeyBase64Url()),
                  byEvidence("receipt", quoted("receipt.json"), policy(sim(ZEROS)))),
              "--simulated-root",
              root,
              "--json");
      assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
      JsonNode j = CanonicalJson.parse(r.out());
      assertThat(j.get("verified").asBoolean()).isTrue();
      assertThat(j.at("/pinnedByEvidence/0/key").asText())
          .isEqualTo(log.enclave().publicKeyBase64Url());
      assertThat(j.at("/pinnedByEvidence/0/source").asText()).isEqualTo("receipt receipt.json");
      assertThat(j.at("/pinnedByEvidence/0/simulated").asBoolean()).isTrue();
      assertThat(j.at("/signers/enclave/pinned").asBoolean()).isTrue();
    }
  }

  @Test
  void pinsNothingForABuildThePolicyDoesNotAllow() throws IOException {
    String a = write("enclave-attestation.json", attestation());
    Cli r =
        verify(
            keys(byEvidence("attestation", quoted(a), policy(sim("11".repeat(48))))),
            "--simulated-root",
            root);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .startsWith(
            "FAILED: the trusted keys: enclave[0] (attestation enclave-attestation.json): no"
                + " enclave the policy allows accepts its evidence")
        .contains("MEASUREMENT_NOT_ALLOWED")
        .doesNotContain("log verified");
    assertThat(r.err()).startsWith("cleanroom: log refused: the trusted keys: enclave[0]");

    Cli json =
        verify(
            keys(byEvidence("attestation", quoted(a), policy(sim("11".repeat(48))))),
            "--simulated-root",
            root,
            "--json");
    assertThat(json.exitCode()).isEqualTo(1);
    JsonNode j = CanonicalJson.parse(json.out());
    assertThat(j.get("verified").asBoolean()).isFalse();
    assertThat(j.at("/failure/part").asText()).isEqualTo("trusted_keys");
    assertThat(j.at("/failure/reason").asText()).contains("MEASUREMENT_NOT_ALLOWED");
  }

  @Test
  void pinsNothingForADebugEnclave() throws IOException {
    String a =
        write("debug.json", attestation(log.enclave().publicKey(), req -> req.withDebug(true)));
    Cli r =
        verify(
            keys(byEvidence("attestation", quoted(a), policy(sim(ZEROS)))),
            "--simulated-root",
            root);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("DEBUG_ENABLED");
  }

  @Test
  void pinsNothingForSimulatedEvidenceUnlessThePolicyAndTheRootAllowIt() throws IOException {
    String a = write("enclave-attestation.json", attestation());
    String snp = policy("{\"tee\":\"snp\",\"measurement\":\"" + ZEROS + "\"}");
    Cli noSimEntry =
        verify(keys(byEvidence("attestation", quoted(a), snp)), "--simulated-root", root);
    assertThat(noSimEntry.exitCode()).isEqualTo(1);
    assertThat(noSimEntry.err()).contains("no enclave the policy allows accepts its evidence");

    Cli noRoot = verify(keys(byEvidence("attestation", quoted(a), policy(sim(ZEROS)))));
    assertThat(noRoot.exitCode()).isEqualTo(1);
    assertThat(noRoot.err()).contains("the enclave's evidence does not verify");
  }

  @Test
  void pinsNothingForEvidenceThatBindsAnotherKey() throws IOException {
    try (ReceiptSigningKey other = ReceiptSigningKey.generate()) {
      // The log's key, with evidence binding another one: a key the enclave never attested.
      String forged =
          write("forged.json", attestation(other.publicKey(), UnaryOperator.identity()));
      Cli r =
          verify(
              keys(byEvidence("attestation", quoted(forged), policy(sim(ZEROS)))),
              "--simulated-root",
              root);
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).contains("the enclave's evidence does not bind its signing key");

      // Another enclave's genuine identity pins its own key: the log's entries are not by it.
      ObjectNode honest =
          EnclaveIdentities.simulated(
              SimulatedTee.loadOrCreate(simulator),
              other.publicKey(),
              other.publicKey(),
              new byte[48],
              UnaryOperator.identity());
      String h = write("other-enclave.json", honest);
      Cli wrongEnclave =
          verify(
              keys(byEvidence("attestation", quoted(h), policy(sim(ZEROS)))),
              "--simulated-root",
              root);
      assertThat(wrongEnclave.exitCode()).isEqualTo(1);
      assertThat(wrongEnclave.out())
          .contains("pinned through its evidence")
          .contains("which is not a trusted enclave key");
    }
  }

  @Test
  void appraisesGenuineEvidenceAtTheTimeGiven() throws IOException {
    String a = write("aws.json", EnclaveIdentities.genuineVlek(log.enclave().publicKey()));
    String p =
        policy(
            "{\"tee\":\"snp\",\"measurement\":\"8922ebbdd00ec2c541f36a6e7a82a8773a7accb451ed67bc"
                + "94e740dbe92c93c4e8c9af857f5ceeb5a493df2a570d7bf0\"}");
    Path keys = keys(byEvidence("attestation", quoted(a), p));
    String certs = EnclaveIdentities.sample("sev-snp/amd-roots/canonical");

    // Inside the VLEK's year the genuine evidence verifies; it cannot bind the log's key.
    Cli inside = verify(keys, "--certs", certs, "--at", "2025-06-01");
    assertThat(inside.exitCode()).isEqualTo(1);
    assertThat(inside.err())
        .contains("the enclave's evidence does not bind its signing key")
        .doesNotContain("does not verify");
    for (String when : List.of("2024-06-01", "2026-01-01T00:00:00Z")) {
      Cli outside = verify(keys, "--certs", certs, "--at", when);
      assertThat(outside.exitCode()).as(when).isEqualTo(1);
      assertThat(outside.err())
          .as(when)
          .contains("the enclave's evidence does not verify")
          .contains("'SEV-VLEK' is valid 2024-12-10T22:14:21Z .. 2025-12-10T22:14:21Z, not at");
    }
  }

  @Test
  void aTrustedKeysFileOrPolicyThatIsNotUnderstoodIsAUsageError() throws IOException {
    String a = write("enclave-attestation.json", attestation());
    String good = policy(sim(ZEROS));
    List<String[]> bad =
        List.of(
            new String[] {
              byEvidence(
                  "attestation",
                  quoted(a),
                  policy(sim(ZEROS)).replace("]}", "], \"allowDebug\": true}")),
              "unknown policy member 'allowDebug'"
            },
            new String[] {
              byEvidence("attestation", quoted(a), policy(sim(ZEROS, ",\"minimumTCB\":\"snp=8\""))),
              "unknown field 'minimumTCB'"
            },
            new String[] {"{\"attestation\":" + quoted(a) + "}", "'policy' is required"},
            new String[] {
              "{\"attestation\":"
                  + quoted(a)
                  + ",\"receipt\":"
                  + quoted(a)
                  + ",\"policy\":"
                  + good
                  + "}",
              "give either 'attestation' or 'receipt'"
            },
            new String[] {
              "{\"evidence\":" + quoted(a) + ",\"policy\":" + good + "}",
              "unknown member 'evidence'"
            },
            new String[] {byEvidence("attestation", quoted("missing.json"), good), "no such file"},
            new String[] {
              byEvidence("attestation", quoted(a), quoted("missing-policy.json")), "no such file"
            },
            new String[] {
              byEvidence("receipt", "42", good), "'receipt' is a file name or the JSON document"
            },
            new String[] {"42", "not a base64url string"});
    for (String[] b : bad) {
      Cli r = verify(keys(b[0]), "--simulated-root", root);
      assertThat(r.exitCode()).as(b[0]).isEqualTo(2);
      assertThat(r.err()).as(b[0]).contains(b[1]);
    }
  }
}
