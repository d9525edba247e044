package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.cli.UserError;
import io.cleanroom.cli.query.QueryText;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.DatasetSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom enclave run}: sends an approved query to an enclave service (docs/enclave.md)
 * with the sealed files of a local directory and the key broker holding their keys, waits for the
 * run, prints the result, and writes the result and its signed receipt.
 *
 * <p><b>Security:</b> the enclave trusts nothing this command says: it checks the query and
 * fingerprint itself, the files' digests against the contract, and the broker decides about keys.
 * An enclave on the simulated TEE says so, and this command repeats it.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run an approved query in an enclave: DIR holds ID.sealed for each dataset; the keys come from",
      "the key broker. Prints the result; --out and --receipt keep it and its signed receipt."
    })
public final class EnclaveRunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin QueryText query;
  @Mixin BrokerOptions broker;

  @Option(
      names = "--enclave",
      paramLabel = "URL",
      defaultValue = "${env:CLEANROOM_ENCLAVE:-http://127.0.0.1:8082}",
      description = "The enclave (default: $CLEANROOM_ENCLAVE or http://127.0.0.1:8082).")
  URI enclave;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "ID.sealed files.")
  Path data;

  @Option(
      names = "--fingerprint",
      paramLabel = "F",
      description = "The approved fingerprint (default: the one the check computes).")
  String fingerprint;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the result JSON here.")
  Path out;

  @Option(names = "--receipt", paramLabel = "FILE", description = "Write the signed receipt here.")
  Path receipt;

  @Option(
      names = "--wait",
      defaultValue = "PT10M",
      paramLabel = "DURATION",
      description = "How long to wait for the run (default: ${DEFAULT-VALUE}).")
  Duration wait;

  private final HttpJson http = new HttpJson("the enclave");

  @Override
  public Integer call() throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    Contract contract = query.contract();
    String sql = query.sql();
    String fp =
        fingerprint != null
            ? fingerprint
            : new QueryChecker(contract)
                .check(sql, query.parameters())
                .report()
                .fingerprint()
                .orElseThrow(() -> new UserError("the query does not parse"));
    JsonNode run = http.send(post("v1/runs", request(contract, sql, fp)));
    String id = run.path("id").asText();
    if (run.path("simulated").asBoolean(true)) {
      o.println(SimulateReleaseCommand.BANNER);
    }
    o.println("run " + id + " at " + origin());
    JsonNode done = awaitEnd(id);
    if (!done.path("status").asText().equals("SUCCEEDED")) {
      JsonNode e = done.path("error");
      throw new UserError(
          "the run "
              + done.path("status").asText().toLowerCase(java.util.Locale.ROOT)
              + " in "
              + done.path("phase").asText()
              + ": "
              + e.path("code").asText()
              + ": "
              + e.path("message").asText());
    }
    JsonNode result = done.get("result");
    print(result, o);
    JsonNode r = done.path("receipt").path("receipt");
    o.printf(
        "%d group(s) suppressed; epsilon spent %s; receipt signed by %s%n",
        r.path("suppressedGroups").asLong(),
        r.path("epsilonSpent").asText(),
        r.path("signingKey").asText());
    if (out != null) {
      Files.write(out, CanonicalJson.toBytes(result));
    }
    if (receipt != null) {
      Files.write(receipt, CanonicalJson.toBytes(done.get("receipt")));
    }
    return 0;
  }

  private ObjectNode request(Contract contract, String sql, String fp) throws IOException {
    ObjectNode req = CanonicalJson.mapper().createObjectNode();
    req.set("contract", CanonicalJson.parse(Files.readAllBytes(contractFile())));
    ObjectNode q = req.putObject("query").put("sql", sql).put("fingerprint", fp);
    ArrayNode params = q.putArray("parameters");
    query.parameters().forEach(params::add);
    ArrayNode ds = req.putArray("datasets");
    for (DatasetSpec d : contract.datasets()) {
      Path file = data.resolve(d.id() + ".sealed").toAbsolutePath();
      if (Files.isRegularFile(file)) {
        ds.addObject()
            .put("id", d.id())
            .put("location", file.toString())
            .put("keyBroker", broker.broker.toString());
      }
    }
    if (ds.isEmpty()) {
      throw new UserError(data + " holds no ID.sealed file of the contract's datasets");
    }
    return req;
  }

  private Path contractFile() {
    return spec.findOption("--contract").getValue();
  }

  private JsonNode awaitEnd(String id) {
    long end = System.nanoTime() + wait.toNanos();
    while (true) {
      JsonNode run = http.send(request("v1/runs/" + id).GET());
      String s = run.path("status").asText();
      if (!s.equals("QUEUED") && !s.equals("RUNNING")) {
        return run;
      }
      if (System.nanoTime() > end) {
        throw new UserError("the run " + id + " did not end within " + wait);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError("interrupted");
      }
    }
  }

  private static void print(JsonNode result, PrintWriter o) {
    StringBuilder header = new StringBuilder();
    for (JsonNode c : result.path("columns")) {
      header.append(header.isEmpty() ? "" : "\t").append(c.path("name").asText());
    }
    o.println(header);
    for (JsonNode row : result.path("rows")) {
      StringBuilder line = new StringBuilder();
      for (JsonNode v : row) {
        line.append(line.isEmpty() ? "" : "\t").append(v.isNull() ? "NULL" : v.asText());
      }
      o.println(line);
    }
  }

  private HttpRequest.Builder post(String path, JsonNode body) {
    return request(path).header("Content-Type", "application/json").POST(HttpJson.json(body));
  }

  private HttpRequest.Builder request(String path) {
    String base = enclave.toString().endsWith("/") ? enclave.toString() : enclave + "/";
    return HttpRequest.newBuilder(URI.create(base).resolve(path));
  }

  private String origin() {
    return enclave.getScheme() + "://" + enclave.getAuthority();
  }
}
