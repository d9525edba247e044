package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cleanroom.cli.UserError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * JSON over HTTP with {@code java.net.http}: one request, one JSON answer, refusals turned into
 * {@link BrokerRefusal}. Shared by the key broker, enclave and Keycloak token clients.
 *
 * <p><b>Security:</b> request bodies and bearer tokens are never part of an exception message; a
 * refusal's message holds only the status, the server's error code and its detail.
 */
final class HttpJson {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String server;

  HttpJson(String server) {
    this.server = server;
  }

  /** Sends {@code request} (a timeout is added) and answers its JSON body, or throws. */
  JsonNode send(HttpRequest.Builder request) {
    return parse(sendForBytes(request)).orElse(MAPPER.nullNode());
  }

  /**
   * Sends {@code request} (a timeout is added) and answers its body's exact bytes (a signed
   * receipt's canonical bytes, a result to be digested), or throws on a non-2xx answer.
   */
  byte[] sendForBytes(HttpRequest.Builder request) {
    return sendForBytes(request, "application/json");
  }

  /** As {@link #sendForBytes(HttpRequest.Builder)}, accepting {@code mediaType}. */
  byte[] sendForBytes(HttpRequest.Builder request, String mediaType) {
    HttpRequest req = request.timeout(TIMEOUT).header("Accept", mediaType).build();
    HttpResponse<byte[]> res;
    try {
      res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new UserError(server + " is not reachable at " + origin(req.uri()));
    } catch (HttpTimeoutException e) {
      throw new UserError(server + " did not answer in time at " + origin(req.uri()));
    } catch (IOException e) {
      throw new UserError(server + " at " + origin(req.uri()) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted");
    }
    if (res.statusCode() / 100 != 2) {
      throw refusal(res.statusCode(), parse(res.body()));
    }
    return res.body() == null ? new byte[0] : res.body();
  }

  /** The refusal a non-2xx answer stands for. */
  BrokerRefusal refusal(int status, Optional<JsonNode> body) {
    // {"error": CODE} from the key broker and Keycloak; {"code": CODE} in the enclave's problems
    String code =
        body.map(
                b ->
                    b.path("error").isTextual()
                        ? b.path("error").asText()
                        : b.path("code").asText(null))
            .orElse(null);
    String detail =
        body.map(b -> b.path("detail").asText(b.path("error_description").asText(null)))
            .orElse(null);
    return new BrokerRefusal(server, status, code == null ? "HTTP_" + status : code, detail);
  }

  static HttpRequest.BodyPublisher json(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<JsonNode> parse(byte[] body) {
    if (body == null || body.length == 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readTree(new String(body, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }
}
