package io.cleanroom.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.collect.SimulatedCollector;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.cli.Cli;
import io.cleanroom.crypto.hpke.EnclaveKeyPair;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.receipt.EnclaveIdentityBinding;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import io.cleanroom.crypto.receipt.Receipts;
import io.cleanroom.query.contract.ContractParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    byte[] mr = java.util.HexFormat.of().parseHex(measurementHex);
    try (EnclaveKeyPair hpke = EnclaveKeyPair.generate();
        ReceiptSigningKey signing = ReceiptSigningKey.generate();
        ReceiptSigningKey other = ReceiptSigningKey.generate()) {
      byte[] bound = bindOtherKey ? other.publicKey() : signing.publicKey();
      var evidence =
          new SimulatedCollector(SimulatedTee.loadOrCreate(simulator), mr)
              .collect(EnclaveIdentityBinding.reportData(hpke.publicKey(), bound));
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
      body.put("tee", "sim");
      body.set("evidence", CanonicalJson.parse(EvidenceJson.write(evidence)));
      body.put("hpkePublicKey", hpke.publicKey().toBase64Url());
      body.put("time", "2026-12-07T10:00:00Z");
      body.put("simulated", true);
      if (extra != null) {
        body.setAll(extra);
      }
      Path file = dir.resolve("receipt-" + System.nanoTime() + ".json");
      Files.write(file, Receipts.sign(body, signing));
      return file;
    }
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
}
