package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.collect.SimulatedCollector;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.cli.UserError;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.hpke.EnclaveKeyPair;
import io.cleanroom.crypto.hpke.KeyWrap;
import io.cleanroom.crypto.hpke.ReleaseBinding;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.contract.ContractParser;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom enclave simulate-release}: plays the enclave of the key release protocol with
 * the simulated TEE: asks for a challenge, binds the runtime data (nonce, a fresh in-memory HPKE
 * key, contract, query, datasets) into simulated evidence, attests, and opens the released keys.
 * Prints which datasets' keys it received (key ids only).
 *
 * <p><b>Security:</b> this is <em>not confidential</em>: the simulator's private keys are files on
 * this machine, so anyone here can produce evidence it signs. A broker trusts it only when
 * configured with the simulator's root, and only for a contract that allows a {@code sim} enclave.
 * The opened keys are checked against their key ids and dropped; they are never printed.
 */
@Command(
    name = "simulate-release",
    mixinStandardHelpOptions = true,
    description = {
      "Ask a key broker for dataset keys as a SIMULATED enclave (NOT confidential) and report which"
          + " keys were released (key ids, never keys)."
    })
public final class SimulateReleaseCommand implements Callable<Integer> {

  /** The line that says what this is. */
  static final String BANNER =
      "SIMULATED — NOT CONFIDENTIAL: a simulated TEE on this machine, no hardware protects the keys";

  @Spec CommandSpec spec;
  @Mixin BrokerOptions broker;

  @Option(names = "--contract", required = true, paramLabel = "FILE", description = "The contract.")
  Path contract;

  @Option(
      names = "--fingerprint",
      required = true,
      paramLabel = "F",
      description = "The query fingerprint the keys are asked for.")
  String fingerprint;

  @Option(
      names = "--datasets",
      required = true,
      split = ",",
      paramLabel = "ID",
      description = "The datasets whose keys are asked for (comma separated).")
  List<String> datasets;

  @Option(
      names = "--simulator-dir",
      required = true,
      paramLabel = "DIR",
      description = "The simulated TEE's state (cleanroom attestation simulator init).")
  Path simulatorDir;

  @Option(
      names = "--measurement",
      paramLabel = "HEX",
      defaultValue =
          "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
      description =
          "The simulated enclave build's measurement, 48 bytes (default: zeros, as the example contract allows).")
  String measurement;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.exists(simulatorDir.resolve(SimulatedTee.ROOT_FILE))) {
      throw new UserError(
          "no simulated TEE in "
              + simulatorDir
              + " (cleanroom attestation simulator init --dir "
              + simulatorDir
              + ")");
    }
    byte[] mr = measurement();
    String contractHash = ContractParser.read(contract).id();
    SimulatedCollector collector =
        new SimulatedCollector(SimulatedTee.loadOrCreate(simulatorDir), mr);
    BrokerClient client = broker.anonymous();
    out.println(BANNER);
    try (EnclaveKeyPair keys = EnclaveKeyPair.generate()) {
      JsonNode challenge = client.challenge("sim");
      ObjectNode rd = CanonicalJson.mapper().createObjectNode();
      rd.put("nonce", challenge.path("nonce").asText());
      rd.put("enclavePublicKey", keys.publicKey().toBase64Url());
      rd.put("contractHash", contractHash);
      rd.put("queryFingerprint", fingerprint);
      datasets.forEach(rd.putArray("datasetIds")::add);
      JsonNode evidence =
          CanonicalJson.parse(EvidenceJson.write(collector.collect(ReleaseBinding.reportData(rd))));
      out.printf(
          "session %s: simulated evidence binds nonce, enclave key, contract %s, query %s%n",
          challenge.path("sessionId").asText(), contractHash, fingerprint);
      JsonNode release = client.attest(challenge.path("sessionId").asText(), evidence, rd);
      for (JsonNode k : release.path("keys")) {
        out.println(opened(keys, rd, k));
      }
      out.printf(
          "released %d key(s)%s%n",
          release.path("keys").size(),
          release.path("simulated").asBoolean(false) ? " — SIMULATED, NOT CONFIDENTIAL" : "");
    }
    return 0;
  }

  /** Opens one released key inside this (simulated) enclave and checks it is what it claims. */
  private static String opened(EnclaveKeyPair keys, JsonNode rd, JsonNode k) {
    String dataset = k.path("datasetId").asText();
    String keyId = k.path("keyId").asText();
    byte[] sealed = Base64.getUrlDecoder().decode(k.path("sealedKey").asText());
    try (DatasetKey key =
        KeyWrap.open(keys, sealed, ReleaseBinding.associatedData(rd, dataset, keyId))) {
      if (!key.keyId().equals(keyId)) {
        throw new UserError("the key released for " + dataset + " is not key " + keyId);
      }
      return "received the key of " + dataset + " (key id " + keyId + "), opened in the enclave";
    }
  }

  private byte[] measurement() {
    try {
      byte[] mr = HexFormat.of().parseHex(measurement);
      if (mr.length != 48) {
        throw new IllegalArgumentException();
      }
      return mr;
    } catch (IllegalArgumentException e) {
      throw new UserError("--measurement must be 48 bytes in hex");
    }
  }
}
