package io.cleanroom.cli.broker;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.TeeType;
import io.cleanroom.attestation.collect.SimulatedCollector;
import io.cleanroom.attestation.release.KeyReleaseClient;
import io.cleanroom.attestation.release.ReleaseRequest;
import io.cleanroom.attestation.release.ReleasedKeys;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.cli.UserError;
import io.cleanroom.crypto.hpke.EnclaveKeyPair;
import io.cleanroom.query.contract.ContractParser;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The opened keys are checked against their key ids and wiped; they are never printed. The protocol
 * itself is {@link KeyReleaseClient}, which the enclave service uses too.
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
    out.println(BANNER);
    try (EnclaveKeyPair keys = EnclaveKeyPair.generate();
        ReleasedKeys released =
            new KeyReleaseClient()
                .release(
                    broker.broker,
                    collector,
                    TeeType.SIM.id(),
                    keys,
                    new ReleaseRequest(contractHash, fingerprint, datasets))) {
      out.printf(
          "session %s: simulated evidence bound nonce, enclave key, contract %s, query %s%n",
          released.sessionId(), contractHash, fingerprint);
      released
          .keys()
          .forEach(
              (dataset, key) ->
                  out.println(
                      "received the key of "
                          + dataset
                          + " (key id "
                          + key.keyId()
                          + "), opened in the enclave"));
      out.printf(
          "released %d key(s)%s%n",
          released.keys().size(), released.simulated() ? " — SIMULATED, NOT CONFIDENTIAL" : "");
    } catch (AttestationException e) {
      throw new UserError(e.getMessage(), e);
    }
    return 0;
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
