package io.cleanroom.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.attestation.sim.SimulatedReportRequest;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.cli.Cli;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import io.cleanroom.query.contract.ContractParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cleanroom verify receipt} on receipts made the way the enclave makes them (a simulated TEE
 * whose evidence binds the enclave's HPKE and signing keys, an Ed25519 signature over the canonical
 * receipt), then on every way to forge or mismatch one.
 */
class ReceiptCommandTest {

  static final Path EXAMPLE = Path.of("../examples/hospital-bank/contract.json");
  static final String VISITS_DIGEST = "1a".repeat(32);
  static final String ACCOUNTS_DIGEST = "2b".repeat(32);
  static final String FP = "cd".repeat(32);

  @TempDir Path dir;
  Path simulator;
  Path root;
  Path contract;
  String contractHash;
  ObjectNode result;

  @BeforeEach
  void setUp() throws IOException {
    simulator = dir.resolve("sim");
    SimulatedTee.loadOrCreate(simulator);
    root = simulator.resolve(SimulatedTee.ROOT_FILE);
    ObjectNode c = (ObjectNode) CanonicalJson.parse(Files.readAllBytes(EXAMPLE));
    for (JsonNode d : c.get("datasets")) {
      ((ObjectNode) d)
          .put(
              "sealedDigest",
              d.get("id").asText().equals("visits") ? VISITS_DIGEST : ACCOUNTS_DIGEST);
    }
    contract = dir.resolve("contract.json");
    Files.write(contract, CanonicalJson.toBytes(c));
    contractHash = ContractParser.read(contract).id();
    result = CanonicalJson.mapper().createObjectNode();
    result.putArray("columns").add("zip3").add("visits");
    ArrayNode row = result.putArray("rows").addArray();
    row.add("941").add(42);
  }

  /** A receipt signed by an enclave whose simulated evidence binds its keys. */
  Path receipt(String measurementHex, boolean bindOtherKey, ObjectNode extra) throws IOException {
    return receipt(measurementHex, bindOtherKey, extra, UnaryOperator.identity());
  }

  /** As above, with the simulated report changed by {@code request} (debug, host data, TCB). */
  Path receipt(
      String measurementHex,
      boolean bindOtherKey,
      ObjectNode extra,
      UnaryOperator<SimulatedReportRequest> request)
      throws IOException {
    try (ReceiptSigningKey signing = ReceiptSigningKey.generate();
        ReceiptSigningKey other = ReceiptSigningKey.generate()) {
      ObjectNode attestation =
          EnclaveIdentities.simulated(
              SimulatedTee.loadOrCreate(simulator),
              signing.publicKey(),
              bindOtherKey ? other.publicKey() : signing.publicKey(),
              java.util.HexFormat.of().parseHex(measurementHex),
              request);
      return write(EnclaveIdentities.receipt(attestation, signing, body(extra)));
    }
  }

  /** A receipt signed by a key that the genuine AWS VLEK sample's evidence cannot bind. */
  Path genuineReceipt() throws IOException {
    try (ReceiptSigningKey signing = ReceiptSigningKey.generate()) {
      return write(
          EnclaveIdentities.receipt(
              EnclaveIdentities.genuineVlek(signing.publicKey()), signing, body(null)));
    }
  }

  ObjectNode body(ObjectNode extra) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("runId", "run-1");
    body.put("contractHash", contractHash);
    body.put("queryFingerprint", FP);
    ArrayNode inputs = body.putArray("inputs");
    inputs
        .addObject()
        .put("datasetId", "visits")
        .put("sealedDigest", VISITS_DIGEST)
        .put("keyId", "k1");
    inputs
        .addObject()
        .put("datasetId", "accounts")
        .put("sealedDigest", ACCOUNTS_DIGEST)
        .put("keyId", "k2");
    body.put("outputDigest", Digests.hex(Digests.sha256(CanonicalJson.toBytes(result))));
    body.put("suppressedGroups", 3);
    body.put("epsilonSpent", "0");
    body.put("time", "2026-12-07T10:00:00Z");
    if (extra != null) {
      body.setAll(extra);
    }
    return body;
  }

  Path write(byte[] signedReceipt) throws IOException {
    Path file = dir.resolve("receipt-" + System.nanoTime() + ".json");
    Files.write(file, signedReceipt);
    return file;
  }

  Path receipt() throws IOException {
    return receipt("00".repeat(48), false, null);
  }

  Cli verify(Path receipt, String... more) throws IOException {
    Path resultFile = dir.resolve("result.json");
    Files.write(resultFile, CanonicalJson.toBytes(result));
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify",
                "receipt",
                receipt.toString(),
                "--contract",
                contract.toString(),
                "--result",
                resultFile.toString(),
                "--fingerprint",
                FP));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void verifiesAGoodReceiptAndSaysItIsSimulated() throws IOException {
    Cli r = verify(receipt(), "--simulated-root", root.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("ok      signed by enclave key")
        .contains("ok      evidence: sim verified, measurement " + "00".repeat(48))
        .contains("ok      the evidence binds the signing key and the HPKE key")
        .contains("ok      contract " + contractHash)
        .contains("ok      the enclave is one the contract allows")
        .contains("ok      input visits sealed digest " + VISITS_DIGEST)
        .contains("ok      output digest")
        .contains("ok      query fingerprint is the approved " + FP)
        .contains(ReceiptCommand.SIMULATED)
        .endsWith("receipt verified\n")
        .doesNotContain("FAILED");
  }

  @Test
  void refusesSimulatedEvidenceWithoutTheSimulatorsRoot() throws IOException {
    Cli r = verify(receipt());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED  ").contains("the receipt's evidence does not verify");
    assertThat(r.err()).contains("receipt refused");
  }

  @Test
  void refusesAnyChangedByte() throws IOException {
    Path good = receipt();
    byte[] bytes = Files.readAllBytes(good);
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    // A changed digit of the output digest, of the suppressed count, and of the signature.
    int[] positions = {
      text.indexOf("\"outputDigest\":\"") + 16,
      text.indexOf("\"suppressedGroups\":") + 19,
      text.indexOf("\"signature\":\"") + 20
    };
    for (int p : positions) {
      byte[] forged = bytes.clone();
      forged[p] = (byte) (forged[p] == '1' ? '2' : '1');
      Path f = dir.resolve("forged-" + p + ".json");
      Files.write(f, forged);
      Cli r = verify(f, "--simulated-root", root.toString());
      assertThat(r.exitCode()).as("byte " + p).isEqualTo(1);
      assertThat(r.out()).contains("FAILED  ").contains("the receipt's signature");
    }
  }

  @Test
  void refusesAReceiptSignedByAKeyTheEvidenceDoesNotBind() throws IOException {
    Cli r = verify(receipt("00".repeat(48), true, null), "--simulated-root", root.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED  ").contains("does not bind its signing key");
  }

  @Test
  void refusesAnEnclaveTheContractDoesNotAllow() throws IOException {
    Cli r = verify(receipt("11".repeat(48), false, null), "--simulated-root", root.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED  no enclave the contract allows accepts this evidence");
  }

  @Test
  void refusesAnotherContractResultInputOrQuery() throws IOException {
    ObjectNode extra = CanonicalJson.mapper().createObjectNode();
    extra.put("contractHash", "ee".repeat(32));
    extra.put("queryFingerprint", "ff".repeat(32));
    extra.put("outputDigest", "00".repeat(32));
    extra
        .putArray("inputs")
        .addObject()
        .put("datasetId", "visits")
        .put("sealedDigest", "33".repeat(32));
    Cli r = verify(receipt("00".repeat(48), false, extra), "--simulated-root", root.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAILED  contract " + contractHash)
        .contains("FAILED  input visits sealed digest " + "33".repeat(32))
        .contains("FAILED  output digest")
        .contains("FAILED  query fingerprint is the approved " + FP);
  }

  @Test
  void refusesWhatIsNotAReceipt() throws IOException {
    Path f = dir.resolve("not.json");
    Files.writeString(f, "{\"hello\":1}");
    Cli r = verify(f);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED  ").contains("not a signed receipt");
    Cli missing = Cli.run("verify", "receipt", dir.resolve("nope.json").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file");
  }

  @Test
  void printsOneJsonObjectWithJson() throws IOException {
    Cli ok = verify(receipt(), "--simulated-root", root.toString(), "--json");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode j =
        io.cleanroom.crypto.json.CanonicalJson.parse(ok.out());
    assertThat(j.get("verified").asBoolean()).isTrue();
    assertThat(j.get("simulated").asBoolean()).isTrue();
    assertThat(j.get("contractHash").asText()).isEqualTo(contractHash);
    assertThat(j.get("queryFingerprint").asText()).isEqualTo(FP);
    assertThat(j.get("checks")).hasSizeGreaterThan(5).allMatch(c -> c.get("ok").asBoolean());

    Cli refused = verify(receipt(), "--json");
    assertThat(refused.exitCode()).isEqualTo(1);
    com.fasterxml.jackson.databind.JsonNode k =
        io.cleanroom.crypto.json.CanonicalJson.parse(refused.out());
    assertThat(k.get("verified").asBoolean()).isFalse();
    assertThat(k.get("checks").get(0).get("what").asText()).contains("does not verify");
  }

  /** An auditor's policy file allowing these enclave entries. */
  Path policy(String... entries) throws IOException {
    Path file = dir.resolve("policy-" + System.nanoTime() + ".json");
    Files.writeString(file, "{\"allowedEnclaves\": [" + String.join(",", entries) + "]}");
    return file;
  }

  static String sim(String measurement, String... more) {
    return "{\"tee\":\"sim\",\"measurement\":\"" + measurement + "\"" + String.join("", more) + "}";
  }

  static Cli verifyAlone(Path receipt, String... more) {
    List<String> args = new ArrayList<>(List.of("verify", "receipt", receipt.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void acceptsAnEnclaveYourOwnPolicyAllowsAsWellAsTheContract() throws IOException {
    Path policy = policy(sim("00".repeat(48)));
    Cli r = verify(receipt(), "--simulated-root", root.toString(), "--policy", policy.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("ok      the enclave is one the contract allows")
        .contains("ok      the enclave is one the policy " + policy + " allows")
        .doesNotContain("NOTE")
        .endsWith("receipt verified\n");

    Cli j =
        verify(
            receipt(),
            "--simulated-root",
            root.toString(),
            "--policy",
            policy.toString(),
            "--json");
    assertThat(j.exitCode()).isZero();
    assertThat(CanonicalJson.parse(j.out()).get("checks"))
        .anyMatch(
            c ->
                c.get("what")
                    .asText()
                    .equals("the enclave is one the policy " + policy + " allows"));
  }

  @Test
  void theContractAndThePolicyMustBothAcceptTheEnclave() throws IOException {
    Cli policyRefuses =
        verify(
            receipt(),
            "--simulated-root",
            root.toString(),
            "--policy",
            policy(sim("11".repeat(48))).toString());
    assertThat(policyRefuses.exitCode()).isEqualTo(1);
    assertThat(policyRefuses.out())
        .contains("ok      the enclave is one the contract allows")
        .contains("FAILED  no enclave the policy ")
        .contains("MEASUREMENT_NOT_ALLOWED");
    assertThat(policyRefuses.err()).contains("receipt refused: no enclave the policy");

    Cli contractRefuses =
        verify(
            receipt("11".repeat(48), false, null),
            "--simulated-root",
            root.toString(),
            "--policy",
            policy(sim("11".repeat(48))).toString());
    assertThat(contractRefuses.exitCode()).isEqualTo(1);
    assertThat(contractRefuses.out())
        .contains("FAILED  no enclave the contract allows accepts this evidence")
        .contains("ok      the enclave is one the policy ");
  }

  @Test
  void refusesADebugEnclaveUnlessThePolicySaysOtherwise() throws IOException {
    Path debug = receipt("00".repeat(48), false, null, req -> req.withDebug(true));
    Cli strict =
        verifyAlone(
            debug,
            "--simulated-root",
            root.toString(),
            "--policy",
            policy(sim("00".repeat(48))).toString());
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.out()).contains("FAILED  no enclave the policy ").contains("DEBUG_ENABLED");

    Cli lax =
        verifyAlone(
            debug,
            "--simulated-root",
            root.toString(),
            "--policy",
            policy(sim("00".repeat(48), ",\"allowDebug\":\"true\"")).toString());
    assertThat(lax.exitCode()).as(lax.out()).isZero();
  }

  @Test
  void refusesSimulatedEvidenceUnlessThePolicyHasASimEntry() throws IOException {
    Path snpOnly = policy("{\"tee\":\"snp\",\"measurement\":\"" + "00".repeat(48) + "\"}");
    Cli r =
        verifyAlone(receipt(), "--simulated-root", root.toString(), "--policy", snpOnly.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAILED  no enclave the policy " + snpOnly + " allows accepts this evidence");
  }

  @Test
  void withoutAContractOrAPolicyItSaysTheBuildWasNotAppraised() throws IOException {
    Cli r = verifyAlone(receipt("77".repeat(48), false, null), "--simulated-root", root.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("NOTE    the enclave build was not appraised");
  }

  @Test
  void aPolicyThatIsNotUnderstoodIsAUsageError() throws IOException {
    Path member = dir.resolve("member.json");
    Files.writeString(
        member, "{\"allowedEnclaves\": [" + sim("00".repeat(48)) + "], \"allowDebug\": false}");
    Path typo = policy(sim("00".repeat(48), ",\"minimumTCB\":\"snp=8\""));
    Path empty = policy();
    for (Path p : List.of(member, typo, empty, dir.resolve("missing.json"))) {
      Cli r = verify(receipt(), "--simulated-root", root.toString(), "--policy", p.toString());
      assertThat(r.exitCode()).as(p.toString()).isEqualTo(2);
      assertThat(r.out()).as(p.toString()).doesNotContain("receipt verified");
    }
    assertThat(verify(receipt(), "--policy", member.toString()).err())
        .contains("unknown policy member 'allowDebug'");
    assertThat(verify(receipt(), "--policy", typo.toString()).err())
        .contains("unknown field 'minimumTCB'");
    assertThat(verify(receipt(), "--policy", empty.toString()).err()).contains("lists no enclave");
  }

  @Test
  void appraisesGenuineEvidenceAtTheTimeGiven() throws IOException {
    Path receipt = genuineReceipt();
    String certs = EnclaveIdentities.sample("sev-snp/amd-roots/canonical");
    // Inside the VLEK's year the AWS evidence verifies, and fails only because it cannot bind
    // the key that signed this receipt.
    Cli inside = verifyAlone(receipt, "--certs", certs, "--at", "2025-06-01T00:00:00Z");
    assertThat(inside.exitCode()).isEqualTo(1);
    assertThat(inside.out())
        .contains("FAILED  the receipt's evidence does not bind its signing key")
        .doesNotContain("does not verify");
    // Before and after it, and at the receipt's own time (2026-12-07), the evidence does not
    // verify: the certificate is not valid then.
    for (String[] when :
        new String[][] {{"--at", "2024-06-01"}, {"--at", "2026-01-01T00:00:00Z"}, {}}) {
      List<String> args = new ArrayList<>(List.of("--certs", certs));
      args.addAll(List.of(when));
      Cli r = verifyAlone(receipt, args.toArray(String[]::new));
      assertThat(r.exitCode()).as(List.of(when).toString()).isEqualTo(1);
      assertThat(r.out())
          .as(List.of(when).toString())
          .contains("the receipt's evidence does not verify")
          .contains("'SEV-VLEK' is valid 2024-12-10T22:14:21Z .. 2025-12-10T22:14:21Z, not at");
    }
    Cli json = verifyAlone(receipt, "--certs", certs, "--at", "2026-01-01", "--json");
    assertThat(json.exitCode()).isEqualTo(1);
    JsonNode j = CanonicalJson.parse(json.out());
    assertThat(j.get("verified").asBoolean()).isFalse();
    assertThat(j.get("simulated").asBoolean()).isFalse();
    assertThat(j.at("/checks/0/what").asText()).contains("not at 2026-01-01T00:00:00Z");
    Cli badTime = verifyAlone(receipt, "--at", "yesterday");
    assertThat(badTime.exitCode()).isEqualTo(2);
  }
}
