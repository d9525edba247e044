package io.cleanroom.portal.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.cleanroom.crypto.json.CanonicalJson;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An enclave's two log endpoints played by the test, from files in {@link #DIR} that the test
 * writes: {@code attestation.json} and {@code entries.json} ({@code [{sequence, entry}]}). It lets
 * the tests present what a real enclave never would — entries signed by another key, evidence of a
 * build the contract does not allow, evidence that binds another key — to the portal's real sync.
 * The simulated TEE's state is in {@code DIR/tee}; the portal trusts its root.
 */
public class AdversarialEnclave implements QuarkusTestResourceLifecycleManager {

  /** Where the test and the server meet. */
  public static final Path DIR = Path.of("target", "adversarial-enclave").toAbsolutePath();

  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      Files.createDirectories(DIR);
      io.cleanroom.attestation.sim.SimulatedTee.loadOrCreate(DIR.resolve("tee"))
          .writeRoot(DIR.resolve("root.pem"));
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/v1/attestation", x -> reply(x, Files.readAllBytes(DIR.resolve("attestation.json"))));
      server.createContext(
          "/v1/log/entries",
          x -> {
            String q = x.getRequestURI().getQuery();
            long after = Long.parseLong(param(q, "after", "0"));
            String contract = param(q, "contractHash", null);
            var out = CanonicalJson.mapper().createArrayNode();
            for (JsonNode item :
                CanonicalJson.parse(Files.readAllBytes(DIR.resolve("entries.json")))) {
              if (item.get("sequence").asLong() > after
                  && (contract == null
                      || contract.equals(
                          item.path("entry").path("entry").path("contractHash").asText()))) {
                out.add(item);
              }
            }
            reply(x, CanonicalJson.toBytes(out));
          });
      server.start();
      return Map.of(
          "portal.enclaves",
          URI.create("http://127.0.0.1:" + server.getAddress().getPort()).toString(),
          "portal.attestation.simulated-root",
          DIR.resolve("root.pem").toString(),
          "portal.sync-interval",
          "1h");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String param(String query, String name, String fallback) {
    if (query != null) {
      for (String p : query.split("&")) {
        if (p.startsWith(name + "=")) {
          return p.substring(name.length() + 1);
        }
      }
    }
    return fallback;
  }

  private static void reply(com.sun.net.httpserver.HttpExchange x, byte[] body) throws IOException {
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(200, body.length);
    x.getResponseBody().write(body);
    x.close();
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Writes {@code json} as the file {@code name} the server answers. */
  public static void serve(String name, JsonNode json) {
    try {
      Files.write(DIR.resolve(name), CanonicalJson.toBytes(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
