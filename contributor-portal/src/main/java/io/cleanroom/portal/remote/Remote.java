package io.cleanroom.portal.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.portal.api.ErrorCode;
import io.cleanroom.portal.api.PortalException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * JSON over HTTP to a key broker or the enclave. A service that does not answer is {@code
 * SERVICE_UNAVAILABLE}; what it answered is the caller's to judge.
 *
 * <p><b>Security:</b> a bearer token passed here is sent to that one URL and never logged.
 */
@ApplicationScoped
public class Remote {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** What a service answered. */
  public record Answer(int status, byte[] body) {

    /** Whether the status is 2xx. */
    public boolean ok() {
      return status / 100 == 2;
    }

    /** The body as JSON (an empty object for an empty or non-JSON body). */
    public JsonNode json() {
      try {
        return CanonicalJson.mapper().readTree(body);
      } catch (IOException | RuntimeException e) {
        return CanonicalJson.mapper().createObjectNode();
      }
    }

    /** The stable code of a refusal ({@code error} of the key broker, {@code code} elsewhere). */
    public String code() {
      JsonNode j = json();
      String c = j.path("error").asText(j.path("code").asText(""));
      return c.isEmpty() ? "HTTP " + status : c;
    }
  }

  /** GET {@code url}. */
  public Answer get(URI url, Optional<String> bearer) {
    return send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET(), url, bearer);
  }

  /** GET {@code url} with one more header (e.g. a run's secret at the enclave). */
  public Answer get(URI url, String header, String value) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET();
    if (value != null) {
      b.header(header, value);
    }
    return send(b, url, Optional.empty());
  }

  /** POST {@code json} to {@code url}. */
  public Answer post(URI url, Optional<String> bearer, byte[] json) {
    return post(url, bearer, "application/json", json, TIMEOUT);
  }

  /** POST {@code body} of {@code contentType} to {@code url}, waiting at most {@code timeout}. */
  public Answer post(
      URI url, Optional<String> bearer, String contentType, byte[] body, Duration timeout) {
    return send(
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
        url,
        bearer);
  }

  private Answer send(HttpRequest.Builder b, URI url, Optional<String> bearer) {
    b.header("Accept", "application/json");
    bearer.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new PortalException(
          ErrorCode.SERVICE_UNAVAILABLE, base(url) + " does not answer: " + e.getClass().getName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PortalException(ErrorCode.SERVICE_UNAVAILABLE, base(url) + " was interrupted");
    }
  }

  private static String base(URI url) {
    return url.getScheme() + "://" + url.getAuthority();
  }
}
