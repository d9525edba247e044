package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.cli.UserError;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.query.contract.DatasetSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom enclave run}: submits an approved query to the enclave service ({@code POST
 * /v1/runs} with the contract, the SQL, the approved fingerprint and, for each of the contract's
 * datasets found in {@code --data}, the sealed file's absolute path and the key broker holding its
 * key), follows it to its end ({@code GET /v1/runs/{id}}), prints the result table and saves the
 * result and the signed receipt for {@code cleanroom verify receipt}.
 *
 * <p><b>Security:</b> the enclave trusts none of this: it checks the query against the contract,
 * the fingerprint and each file's digest itself, and the key brokers decide on the keys. Only the
 * aggregated result the contract's output rules allow is printed. A simulated enclave is announced
 * as SIMULATED — NOT CONFIDENTIAL.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run an approved query in the enclave service on sealed files: the enclave gets the keys from"
          + " the key broker, runs the query and signs a receipt. Prints the result table; saves the"
          + " result and the receipt (check it with cleanroom verify receipt).",
      "Exit code 0 when the run succeeded, 1 when it failed (e.g. the key broker refused)."
    })
public final class EnclaveRunCommand implements Callable<Integer> {

  private static final Duration POLL = Duration.ofMillis(250);

  @Spec CommandSpec spec;

  @Option(
      names = "--enclave",
      paramLabel = "URL",
      defaultValue = "${env:CLEANROOM_ENCLAVE:-http://127.0.0.1:8082}",
      description = "The enclave service (default: $CLEANROOM_ENCLAVE or http://127.0.0.1:8082).")
  URI enclave;

  @Option(
      names = "--broker",
      paramLabel = "URL",
      defaultValue = "${env:CLEANROOM_BROKER:-http://127.0.0.1:8081}",
      description =
          "The key broker holding the datasets' keys, as the enclave reaches it (default:"
              + " $CLEANROOM_BROKER or http://127.0.0.1:8081).")
  URI broker;

  @Option(names = "--contract", required = true, paramLabel = "FILE", description = "The contract.")
  Path contract;

  @Option(names = "--sql", required = true, paramLabel = "SQL", description = "The query.")
  String sql;

  @Option(
      names = "--fingerprint",
      required = true,
      paramLabel = "F",
      description = "The fingerprint the owners approved (from cleanroom query check).")
  String fingerprint;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Where the sealed files are: <dataset id>.sealed for the contract's datasets (or"
              + " --portal).")
  Path data;

  @Option(
      names = "--portal",
      paramLabel = "URL",
      description =
          "Let the enclave fetch each sealed file from this portal's blob storage, by the"
              + " contract's sealed digest (<URL>/v1/blobs/<sha256>), instead of --data.")
  URI portal;

  @Option(
      names = "--result-out",
      paramLabel = "FILE",
      description = "Save the result {columns, rows} (canonical JSON) here.")
  Path resultOut;

  @Option(
      names = "--receipt-out",
      paramLabel = "FILE",
      description = "Save the signed receipt (its exact bytes) here.")
  Path receiptOut;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "PT10M",
      description = "How long to wait for the run to end (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration wait;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Contract c = ContractParser.read(contract);
    ObjectNode req = CanonicalJson.mapper().createObjectNode();
    req.set("contract", CanonicalJson.parse(Files.readAllBytes(contract)));
    req.putObject("query").put("sql", sql).put("fingerprint", fingerprint);
    ArrayNode datasets = req.putArray("datasets");
    if ((data == null) == (portal == null)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "give either --data DIR or --portal URL");
    }
    for (DatasetSpec d : c.datasets()) {
      if (portal != null) {
        String digest =
            d.sealedDigest()
                .orElseThrow(
                    () -> new UserError("the contract names no sealed digest of " + d.id()));
        String base = portal.toString().endsWith("/") ? portal.toString() : portal + "/";
        datasets
            .addObject()
            .put("id", d.id())
            .put("location", base + "v1/blobs/" + digest)
            .put("keyBroker", broker.toString());
        continue;
      }
      Path sealed = data.resolve(d.id() + ".sealed");
      if (Files.isRegularFile(sealed)) {
        datasets
            .addObject()
            .put("id", d.id())
            .put("location", sealed.toAbsolutePath().normalize().toString())
            .put("keyBroker", broker.toString());
      }
    }
    if (datasets.isEmpty()) {
      throw new UserError("no sealed file of the contract's datasets in " + data);
    }
    EnclaveClient client = new EnclaveClient(enclave);
    JsonNode run = client.submit(req);
    String id = run.path("id").asText("");
    if (id.isBlank()) {
      throw new UserError("the enclave's answer names no run");
    }
    if (run.path("simulated").asBoolean(false)) {
      out.println(run.path("notice").asText("SIMULATED — NOT CONFIDENTIAL"));
    }
    List<String> seen = new ArrayList<>(List.of(progress(run)));
    long deadline = System.nanoTime() + wait.toNanos();
    byte[] raw = null;
    while (!terminal(run)) {
      if (System.nanoTime() > deadline) {
        out.println("run " + id + ": " + String.join(" → ", seen));
        client.cancel(id); // its keys are wiped and its buffers freed
        throw new UserError("the run " + id + " did not end within " + wait + "; cancelled it");
      }
      Thread.sleep(POLL.toMillis());
      raw = client.run(id);
      run = parse(raw);
      String p = progress(run);
      if (!p.equals(seen.get(seen.size() - 1))) {
        seen.add(p);
      }
    }
    out.println("run " + id + ": " + String.join(" → ", seen));
    if (!run.path("status").asText().equals("SUCCEEDED")) {
      JsonNode e = run.path("error");
      err.println(
          "cleanroom: the enclave's run "
              + run.path("status").asText()
              + " in "
              + run.path("phase").asText()
              + ": "
              + e.path("code").asText("?")
              + (e.path("message").asText("").isEmpty() ? "" : ": " + e.path("message").asText()));
      return 1;
    }
    JsonNode result = run.path("result");
    out.print(table(result));
    byte[] receipt = client.receipt(id);
    JsonNode r = parse(receipt).path("receipt");
    byte[] resultBytes = CanonicalJson.toBytes(result);
    String digest = Digests.hex(Digests.sha256(resultBytes));
    out.printf(
        "%s group(s) suppressed by the output rules, epsilon spent %s; result digest %s%s%n",
        r.path("suppressedGroups").asText("?"),
        r.path("epsilonSpent").asText("?"),
        digest,
        digest.equals(r.path("outputDigest").asText()) ? " (the receipt's outputDigest)" : "");
    if (resultOut != null) {
      write(resultOut, resultBytes);
      out.println("result saved to " + resultOut);
    }
    if (receiptOut != null) {
      write(receiptOut, receipt);
      out.println("receipt saved to " + receiptOut + " (check it: cleanroom verify receipt)");
    }
    if (r.path("simulated").asBoolean(false)) {
      out.println(
          "SIMULATED — NOT CONFIDENTIAL: a simulated TEE signed this receipt; no hardware vouches"
              + " for it");
    }
    return 0;
  }

  static boolean terminal(JsonNode run) {
    return switch (run.path("status").asText()) {
      case "SUCCEEDED", "FAILED", "CANCELLED" -> true;
      default -> false;
    };
  }

  static String progress(JsonNode run) {
    String status = run.path("status").asText("?");
    return status.equals("RUNNING") ? run.path("phase").asText(status) : status;
  }

  private static JsonNode parse(byte[] raw) {
    try {
      return CanonicalJson.parse(raw);
    } catch (CryptoException e) {
      throw new UserError("the enclave's answer is not JSON");
    }
  }

  /** The result as an aligned text table: strings left, numbers right. */
  static String table(JsonNode result) {
    List<String> names = new ArrayList<>();
    result.path("columns").forEach(c -> names.add(c.path("name").asText()));
    List<List<String>> rows = new ArrayList<>();
    List<boolean[]> numeric = new ArrayList<>();
    for (JsonNode row : result.path("rows")) {
      List<String> cells = new ArrayList<>();
      boolean[] num = new boolean[names.size()];
      for (int i = 0; i < names.size(); i++) {
        JsonNode v = row.path(i);
        cells.add(v.isNull() || v.isMissingNode() ? "NULL" : v.asText());
        num[i] = v.isNumber();
      }
      rows.add(cells);
      numeric.add(num);
    }
    int[] width = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      width[i] = names.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    boolean[] numericColumn = new boolean[names.size()];
    for (boolean[] num : numeric) {
      for (int i = 0; i < num.length; i++) {
        numericColumn[i] |= num[i];
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, names, width, numericColumn);
    for (int i = 0; i < rows.size(); i++) {
      line(sb, rows.get(i), width, numeric.get(i));
    }
    sb.append("(").append(rows.size()).append(" row").append(rows.size() == 1 ? "" : "s");
    return sb.append(")\n").toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width, boolean[] right) {
    StringBuilder l = new StringBuilder(" ");
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      String pad = " ".repeat(width[i] - c.length());
      l.append(' ').append(right[i] ? pad + c : c + pad);
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }

  static void write(Path file, byte[] bytes) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, bytes);
  }
}
