package io.cleanroom.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.cli.Cli;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.hpke.EnclavePublicKey;
import io.cleanroom.crypto.hpke.KeyWrap;
import io.cleanroom.crypto.hpke.ReleaseBinding;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.contract.ContractParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cleanroom enclave simulate-release} against a stand-in broker that seals a key to the
 * public key the runtime data names, bound as the real broker binds it.
 */
class SimulateReleaseCommandTest {

  static final Path CONTRACT = Path.of("../examples/hospital-bank/contract.json");
  static final String FP = "c".repeat(64);

  @TempDir Path dir;
  FakeServer broker;
  Path simulator;

  @BeforeEach
  void start() throws IOException {
    broker = new FakeServer();
    broker.on(
        "POST /v1/release/challenge",
        200,
        "{\"sessionId\":\"s1\",\"nonce\":\"bm9uY2Utbm9uY2Utbm9uY2U\",\"expiresAt\":\"x\"}");
    simulator = dir.resolve("sim");
    assertThat(Cli.run("attestation", "simulator", "init", "--dir", simulator.toString()).out())
        .startsWith("created a new simulated TEE");
  }

  @AfterEach
  void stop() {
    broker.close();
  }

  Cli release(String datasets) {
    return Cli.run(
        "enclave",
        "simulate-release",
        "--broker",
        broker.uri().toString(),
        "--contract",
        CONTRACT.toString(),
        "--fingerprint",
        FP,
        "--datasets",
        datasets,
        "--simulator-dir",
        simulator.toString());
  }

  @Test
  void opensTheKeySealedToItsRuntimeDataAndPrintsOnlyKeyIds() {
    byte[][] raw = new byte[1][];
    String[] keyId = new String[1];
    broker.on(
        "POST /v1/release/attest",
        r -> {
          JsonNode req = CanonicalJson.parse(r.body());
          JsonNode rd = req.get("runtimeData");
          assertThat(req.get("sessionId").asText()).isEqualTo("s1");
          assertThat(req.get("evidence").get("tee").asText()).isEqualTo("sim");
          assertThat(rd.get("nonce").asText()).isEqualTo("bm9uY2Utbm9uY2Utbm9uY2U");
          assertThat(rd.get("contractHash").asText()).isEqualTo(ContractParser.read(CONTRACT).id());
          assertThat(rd.get("queryFingerprint").asText()).isEqualTo(FP);
          try (DatasetKey dek = DatasetKey.generate()) {
            raw[0] = dek.toBytes(KeyAccess.rawKeyMaterial());
            keyId[0] = dek.keyId();
            byte[] sealed =
                KeyWrap.seal(
                    EnclavePublicKey.fromBase64Url(rd.get("enclavePublicKey").asText()),
                    dek,
                    ReleaseBinding.associatedData(rd, "visits", dek.keyId()));
            return new FakeServer.Answer(
                200,
                "{\"simulated\":true,\"keys\":[{\"datasetId\":\"visits\",\"keyId\":\""
                    + dek.keyId()
                    + "\",\"sealedKey\":\""
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed)
                    + "\"}]}");
          }
        });

    Cli r = release("visits");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith(SimulateReleaseCommand.BANNER)
        .contains("received the key of visits (key id " + keyId[0] + "), opened in the enclave")
        .contains("released 1 key(s) — SIMULATED, NOT CONFIDENTIAL")
        .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(raw[0]));
    assertThat(broker.requests.get(0).authorization()).isNull();
  }

  @Test
  void aRefusedReleaseIsOneLineWithItsCode() {
    broker.on("POST /v1/release/attest", 403, "{\"error\":\"QUERY_NOT_APPROVED\"}");

    Cli r = release("visits,accounts");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo("cleanroom: the key broker refused: QUERY_NOT_APPROVED (HTTP 403)\n");
    JsonNode rd = CanonicalJson.parse(broker.requests.get(1).body()).get("runtimeData");
    assertThat(rd.get("datasetIds")).hasSize(2);
  }

  @Test
  void withoutSimulatorStateItSaysHowToCreateIt() {
    simulator = dir.resolve("none");

    Cli r = release("visits");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no simulated TEE in").contains("attestation simulator init");
    assertThat(broker.requests).isEmpty();
  }

  @Test
  void simulatorInitKeepsAnExistingSimulator() {
    Cli again = Cli.run("attestation", "simulator", "init", "--dir", simulator.toString());

    assertThat(again.out()).startsWith("kept the simulated TEE");
    assertThat(simulator.resolve(SimulatedTee.ROOT_FILE)).exists();
  }
}
