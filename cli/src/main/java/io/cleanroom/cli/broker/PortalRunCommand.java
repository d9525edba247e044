package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.cli.UserError;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom portal run}: an analyst asks the portal to run a proposal on its enclave, waits
 * for it, and (as a result recipient) downloads the result and the enclave's receipt.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run a proposed query on the portal's enclave (an analyst of the collaboration): the"
            + " enclave gets keys only if every owner's key broker approved it. Waits for the"
            + " run, prints the result (result recipients only) and saves it with the receipt."
            + " Exit 0 when it succeeded, 1 when it failed.")
public final class PortalRunCommand implements Callable<Integer> {

  private static final Duration POLL = Duration.ofMillis(500);

  @Spec CommandSpec spec;
  @Mixin PortalOptions portal;

  @Option(names = "--collaboration", required = true, paramLabel = "ID")
  String collaboration;

  @Option(
      names = "--query-id",
      paramLabel = "ID",
      description = "The proposal to run (see cleanroom portal query).")
  String queryId;

  @Option(
      names = "--fingerprint",
      paramLabel = "HEX",
      description = "Instead of --query-id: the newest accepted proposal with this fingerprint.")
  String fingerprint;

  @Option(names = "--result-out", paramLabel = "FILE", description = "Save the result's JSON.")
  Path resultOut;

  @Option(
      names = "--receipt-out",
      paramLabel = "FILE",
      description = "Save the receipt (check it with cleanroom verify receipt).")
  Path receiptOut;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "PT5M",
      description = "How long to wait for the run (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration wait;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PortalClient client = portal.client();
    String query = queryId != null ? queryId : byFingerprint(client);
    JsonNode run = client.startRun(collaboration, query);
    String id = run.path("id").asText();
    if (run.path("simulated").asBoolean(false)) {
      out.println("SIMULATED — NOT CONFIDENTIAL: the portal's enclave runs on a simulated TEE");
    }
    List<String> seen = new ArrayList<>(List.of(EnclaveRunCommand.progress(run)));
    long deadline = System.nanoTime() + wait.toNanos();
    while (!EnclaveRunCommand.terminal(run)) {
      if (System.nanoTime() > deadline) {
        throw new UserError("the run " + id + " did not end within " + wait);
      }
      Thread.sleep(POLL.toMillis());
      run = client.run(collaboration, id);
      String p = EnclaveRunCommand.progress(run);
      if (!p.equals(seen.get(seen.size() - 1))) {
        seen.add(p);
      }
    }
    out.println("run " + id + ": " + String.join(" → ", seen));
    if (!run.path("status").asText().equals("SUCCEEDED")) {
      JsonNode e = run.path("error");
      err.println(
          "cleanroom: the run "
              + run.path("status").asText()
              + " in "
              + run.path("phase").asText("?")
              + ": "
              + e.path("code").asText("?")
              + (e.path("message").asText("").isEmpty() ? "" : ": " + e.path("message").asText()));
      return 1;
    }
    if (!run.path("recipient").asBoolean(false)) {
      out.println(
          "the run succeeded; the result goes only to the contract's result recipients, not to"
              + " this organization");
      return 0;
    }
    byte[] resultBytes = client.result(collaboration, id);
    JsonNode result = CanonicalJson.parse(resultBytes);
    byte[] receipt = client.receipt(collaboration, id);
    String digest = Digests.hex(Digests.sha256(CanonicalJson.toBytes(result)));
    String claimed = CanonicalJson.parse(receipt).path("receipt").path("outputDigest").asText();
    if (!digest.equals(claimed)) {
      err.println(
          "cleanroom: the result's digest "
              + digest
              + " is not the receipt's outputDigest "
              + claimed
              + "; nothing saved");
      return 1;
    }
    out.print(EnclaveRunCommand.table(result));
    out.printf("result digest %s (the receipt's outputDigest)%n", digest);
    if (resultOut != null) {
      EnclaveRunCommand.write(resultOut, CanonicalJson.toBytes(result));
      out.println("result saved to " + resultOut);
    }
    if (receiptOut != null) {
      EnclaveRunCommand.write(receiptOut, receipt);
      out.println("receipt saved to " + receiptOut + " (check it: cleanroom verify receipt)");
    }
    return 0;
  }

  private String byFingerprint(PortalClient client) {
    if (fingerprint == null) {
      throw new UserError("--query-id or --fingerprint is required");
    }
    for (JsonNode q : client.queries(collaboration)) {
      if (fingerprint.equals(q.path("fingerprint").asText()) && q.path("allowed").asBoolean()) {
        return q.path("id").asText();
      }
    }
    throw new UserError("no accepted proposal with fingerprint " + fingerprint + " here");
  }
}
