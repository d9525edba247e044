package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.receipt.ReceiptCheck;
import io.cleanroom.attestation.receipt.ReceiptVerifier;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.cli.UserError;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom enclave verify-receipt}: verifies an enclave's result receipt offline — its
 * signature, its evidence (to the vendors' roots, or a simulated root given explicitly), that the
 * evidence binds the signing key — and, when given, that it is for this contract, from a build the
 * contract allows (TEE type and measurement), and for this result.
 *
 * <p><b>Security:</b> the full appraisal of the evidence (TCB, host data, debug) is the key
 * brokers' before they release keys; this command checks the measurement only. A receipt from the
 * simulated TEE verifies only with {@code --simulated-root}, and is announced as not confidential.
 */
@Command(
    name = "verify-receipt",
    mixinStandardHelpOptions = true,
    description = {
      "Verify an enclave's result receipt offline: signature, attestation evidence, key binding;",
      "with --contract and --result also the contract, the enclave build and the output digest.",
      "Exit 0 when everything verifies, 1 otherwise."
    })
public final class VerifyReceiptCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--receipt", required = true, paramLabel = "FILE", description = "The receipt.")
  Path receipt;

  @Option(names = "--contract", paramLabel = "FILE", description = "The contract it must be for.")
  Path contract;

  @Option(
      names = "--result",
      paramLabel = "FILE",
      description = "The result JSON ({columns, rows}) whose digest the receipt must name.")
  Path result;

  @Option(
      names = "--simulated-root",
      paramLabel = "PEM",
      description = "Trust the simulated TEE with this root certificate (never in production).")
  Path simulatedRoot;

  @Option(
      names = "--network",
      description = "Let the verifier fetch certificates and collateral from AMD KDS / Intel PCS.")
  boolean network;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    ReceiptCheck c =
        new ReceiptVerifier(new Verifiers(trust()))
            .verify(Files.readAllBytes(receipt), Instant.now());
    JsonNode r = c.receipt();
    if (c.simulated()) {
      out.println(SimulateReleaseCommand.BANNER);
    }
    out.printf(
        "signature and evidence verify: %s enclave, measurement %s, signing key %s%n",
        c.claims().tee().id(), c.claims().measurement(), r.path("signingKey").asText());
    if (contract != null) {
      checkContract(r, c, out);
    }
    if (result != null) {
      String digest =
          Digests.hex(Digests.sha256(CanonicalJson.canonicalize(Files.readAllBytes(result))));
      if (!digest.equals(r.path("outputDigest").asText())) {
        throw new UserError("the result's digest " + digest + " is not the receipt's outputDigest");
      }
      out.println("result: its digest is the receipt's outputDigest");
    }
    out.printf(
        "query %s on %d input(s); %d group(s) suppressed; epsilon spent %s; signed %s%n",
        r.path("queryFingerprint").asText(),
        r.path("inputs").size(),
        r.path("suppressedGroups").asLong(),
        r.path("epsilonSpent").asText(),
        r.path("time").asText());
    return 0;
  }

  private void checkContract(JsonNode r, ReceiptCheck c, PrintWriter out) {
    Contract k = ContractParser.read(contract);
    if (!k.id().equals(r.path("contractHash").asText())) {
      throw new UserError("the receipt is for contract " + r.path("contractHash").asText());
    }
    boolean allowed =
        k.allowedEnclaves().stream()
            .anyMatch(
                e ->
                    e.tee().equals(c.claims().tee().id())
                        && c.claims()
                            .measurement()
                            .equalsIgnoreCase(e.values().get("measurement")));
    if (!allowed) {
      throw new UserError(
          "the contract allows no " + c.claims().tee().id() + " enclave with this measurement");
    }
    for (JsonNode in : r.path("inputs")) {
      String id = in.path("datasetId").asText();
      String want = k.dataset(id).flatMap(d -> d.sealedDigest()).orElse("");
      if (!want.equals(in.path("sealedDigest").asText())) {
        throw new UserError("input " + id + " is not the sealed file the contract names");
      }
    }
    out.println("contract: " + k.id() + ", its enclave build and its inputs");
  }

  private TrustConfig trust() throws IOException {
    TrustConfig t = TrustConfig.defaults().withNetwork(network);
    if (simulatedRoot != null) {
      t = t.withSimulatedRoot(Certs.splitCertificates(Files.readAllBytes(simulatedRoot)).get(0));
    }
    return t;
  }
}
