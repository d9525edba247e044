package io.cleanroom.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Receipts signed as the enclave signs them, on a simulated TEE. */
class VerifyReceiptCommandTest {

  static final Path CONTRACT = Path.of("../examples/hospital-bank/contract.json");
  static final String RESULT =
      "{\"columns\":[{\"name\":\"n\",\"type\":\"bigint\"}],\"rows\":[[42]]}";

  @TempDir Path dir;
  Path receipt;
  Path root;
  Path result;

  @BeforeEach
  void signAReceipt() throws IOException {
    SimulatedTee tee = SimulatedTee.loadOrCreate(dir.resolve("sim"));
    root = dir.resolve("sim").resolve(SimulatedTee.ROOT_FILE);
    result = Files.writeString(dir.resolve("result.json"), RESULT);
    try (EnclaveKeyPair hpke = EnclaveKeyPair.generate();
        ReceiptSigningKey signing = ReceiptSigningKey.generate()) {
      ObjectNode r = CanonicalJson.mapper().createObjectNode();
      r.put("contractHash", ContractParser.read(CONTRACT).id());
      r.put("queryFingerprint", "cd".repeat(32));
      r.putArray("inputs");
      r.put(
          "outputDigest",
          Digests.hex(
              Digests.sha256(CanonicalJson.canonicalize(RESULT.getBytes(StandardCharsets.UTF_8)))));
      r.put("suppressedGroups", 2);
      r.put("epsilonSpent", "0");
      byte[] bound = EnclaveIdentityBinding.reportData(hpke.publicKey(), signing.publicKey());
      r.set(
          "evidence",
          CanonicalJson.parse(
              EvidenceJson.write(new SimulatedCollector(tee, new byte[48]).collect(bound))));
      r.put("hpkePublicKey", hpke.publicKey().toBase64Url());
      r.put("simulated", true);
      receipt = dir.resolve("receipt.json");
      Files.write(receipt, Receipts.sign(r, signing));
    }
  }

  private Cli verify(String... extra) {
    String[] base = {
      "enclave",
      "verify-receipt",
      "--receipt",
      receipt.toString(),
      "--contract",
      CONTRACT.toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return Cli.run(args);
  }

  @Test
  void verifiesSignatureEvidenceContractBuildAndResult() {
    Cli r = verify("--simulated-root", root.toString(), "--result", result.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith(SimulateReleaseCommand.BANNER)
        .contains("signature and evidence verify: sim enclave")
        .contains("contract: ")
        .contains("result: its digest is the receipt's outputDigest")
        .contains("2 group(s) suppressed");
  }

  @Test
  void refusesASimulatedReceiptWithoutTheSimulatedRootAChangedByteOrAnotherResult()
      throws IOException {
    assertThat(verify().err()).contains("does not verify");

    Path other = Files.writeString(dir.resolve("other.json"), RESULT.replace("42", "43"));
    Cli wrongResult = verify("--simulated-root", root.toString(), "--result", other.toString());
    assertThat(wrongResult.exitCode()).isEqualTo(1);
    assertThat(wrongResult.err()).contains("is not the receipt's outputDigest");

    byte[] b = Files.readAllBytes(receipt);
    b[b.length - 10] ^= 0x01;
    Files.write(receipt, b);
    Cli tampered = verify("--simulated-root", root.toString());
    assertThat(tampered.exitCode()).isEqualTo(1);
  }
}
