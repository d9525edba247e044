package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * The enclave service's run API (docs/protocol.md#enclave-api) over HTTP: the CLI talks to the
 * enclave like any other client and shares no code with it.
 *
 * <p><b>Security:</b> the enclave's API has no authentication yet (docs/enclave.md, limits);
 * nothing secret is sent: the contract, the query, its fingerprint and where the sealed files and
 * the key brokers are. Answers hold only the aggregated result the contract's output rules allow.
 */
public final class EnclaveClient {

  private final URI base;
  private final HttpJson http = new HttpJson("the enclave");

  /** The secrets of the runs this client submitted: reading or cancelling a run takes its own. */
  private final java.util.Map<String, String> secrets =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A client of the enclave at {@code base}. */
  public EnclaveClient(URI base) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
  }

  /** {@code POST /v1/runs}: starts a run; answers the run ({@code id}, {@code status}...). */
  public JsonNode submit(JsonNode runRequest) {
    JsonNode run =
        http.send(
            request("v1/runs")
                .header("Content-Type", "application/json")
                .POST(HttpJson.json(runRequest)));
    if (run.hasNonNull("runSecret") && run.hasNonNull("id")) {
      secrets.put(run.get("id").asText(), run.get("runSecret").asText());
    }
    return run;
  }

  /** {@code GET /v1/runs/{id}}: the run's exact answer (status, result and receipt when done). */
  public byte[] run(String id) {
    return http.sendForBytes(ofRun(id, "").GET());
  }

  /** {@code GET /v1/runs/{id}/receipt}: the signed receipt's exact canonical bytes. */
  public byte[] receipt(String id) {
    return http.sendForBytes(ofRun(id, "/receipt").GET());
  }

  /** {@code DELETE /v1/runs/{id}}: cancels the run. */
  public JsonNode cancel(String id) {
    return http.send(ofRun(id, "").DELETE());
  }

  /** A request about run {@code id}, with its secret when this client submitted it. */
  private HttpRequest.Builder ofRun(String id, String rest) {
    HttpRequest.Builder b = request("v1/runs/" + segment(id) + rest);
    String secret = secrets.get(id);
    return secret == null ? b : b.header("Run-Secret", secret);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path));
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
