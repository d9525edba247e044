package io.cleanroom.attestation.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.collect.Collector;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.hpke.EnclaveKeyPair;
import io.cleanroom.crypto.hpke.KeyWrap;
import io.cleanroom.crypto.hpke.ReleaseBinding;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The enclave's side of the key release protocol (docs/protocol.md) over {@code java.net.http}:
 * asks a key broker for a challenge, builds the runtime data {@code {nonce, enclavePublicKey,
 * contractHash, queryFingerprint, datasetIds}}, collects evidence whose REPORT_DATA is SHA-512 of
 * its canonical JSON, attests, and opens each released key with the enclave's HPKE key, bound to
 * its dataset, key id and this session.
 *
 * <p><b>Security:</b> it answers keys only if the broker released exactly the datasets asked for,
 * each under the key id it names; otherwise every opened key is wiped and the release fails ({@code
 * RELEASE_INVALID}). A refusal fails with {@code RELEASE_REFUSED} and the broker's error code
 * ({@code "the key broker refused: QUERY_NOT_APPROVED (HTTP 403)"}). No key, token or request body
 * is ever part of a message.
 */
public final class KeyReleaseClient {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final String REFUSED = "the key broker refused: ";

  private final HttpClient http;
  private final Duration timeout;

  /** A client with its own HTTP client and a 30 s timeout per request. */
  public KeyReleaseClient() {
    this(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build(), Duration.ofSeconds(30));
  }

  /** A client sending with {@code http}, waiting at most {@code timeout} per request. */
  public KeyReleaseClient(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /**
   * Runs one release with the broker at {@code broker}.
   *
   * @param collector produces this TEE's evidence (of type {@code tee})
   * @param keys the enclave's HPKE key pair, whose public key the keys are sealed to
   */
  public ReleasedKeys release(
      URI broker, Collector collector, String tee, EnclaveKeyPair keys, ReleaseRequest request) {
    URI base = URI.create(broker.toString().endsWith("/") ? broker.toString() : broker + "/");
    ObjectNode challengeRequest = CanonicalJson.mapper().createObjectNode().put("tee", tee);
    JsonNode challenge = post(base.resolve("v1/release/challenge"), challengeRequest);
    String sessionId = text(challenge, "sessionId");
    ObjectNode rd = runtimeData(text(challenge, "nonce"), keys, request);
    Evidence evidence = collector.collect(ReleaseBinding.reportData(rd));
    ObjectNode attest = CanonicalJson.mapper().createObjectNode();
    attest.put("sessionId", sessionId);
    attest.set("evidence", CanonicalJson.parse(EvidenceJson.write(evidence)));
    attest.set("runtimeData", rd);
    JsonNode answer = post(base.resolve("v1/release/attest"), attest);
    return new ReleasedKeys(
        sessionId, answer.path("simulated").asBoolean(false), open(keys, rd, request, answer));
  }

  /**
   * The key broker's error code (e.g. {@code BUDGET_EXHAUSTED}) of a refusal this client reported
   * as {@code RELEASE_REFUSED}; empty for any other failure.
   */
  public static Optional<String> refusalCode(AttestationException e) {
    String m = e.getMessage();
    if (e.code() != AttestationException.Code.RELEASE_REFUSED
        || m == null
        || !m.startsWith(REFUSED)) {
      return Optional.empty();
    }
    int end = m.indexOf(' ', REFUSED.length());
    return Optional.of(m.substring(REFUSED.length(), end < 0 ? m.length() : end));
  }

  /** The runtime data of one session (docs/protocol.md). */
  public static ObjectNode runtimeData(String nonce, EnclaveKeyPair keys, ReleaseRequest request) {
    ObjectNode rd = CanonicalJson.mapper().createObjectNode();
    rd.put("nonce", nonce);
    rd.put("enclavePublicKey", keys.publicKey().toBase64Url());
    rd.put("contractHash", request.contractHash());
    rd.put("queryFingerprint", request.queryFingerprint());
    request.datasetIds().forEach(rd.putArray("datasetIds")::add);
    return rd;
  }

  private static Map<String, DatasetKey> open(
      EnclaveKeyPair me, JsonNode rd, ReleaseRequest request, JsonNode answer) {
    Map<String, DatasetKey> opened = new LinkedHashMap<>();
    try {
      JsonNode released = answer.path("keys");
      if (!released.isArray() || released.size() != request.datasetIds().size()) {
        throw invalid("the key broker released other keys than asked for");
      }
      for (JsonNode k : released) {
        String dataset = text(k, "datasetId");
        String keyId = text(k, "keyId");
        if (!request.datasetIds().contains(dataset) || opened.containsKey(dataset)) {
          throw invalid("the key broker released a key for a dataset not asked for");
        }
        opened.put(dataset, openOne(me, rd, dataset, keyId, text(k, "sealedKey")));
      }
      return opened;
    } catch (RuntimeException e) {
      opened.values().forEach(DatasetKey::close);
      throw e;
    }
  }

  private static DatasetKey openOne(
      EnclaveKeyPair me, JsonNode rd, String dataset, String keyId, String sealedKey) {
    byte[] sealed;
    try {
      sealed = Base64.getUrlDecoder().decode(sealedKey);
    } catch (IllegalArgumentException e) {
      throw invalid("the sealed key of " + dataset + " is not base64url");
    }
    DatasetKey key;
    try {
      key = KeyWrap.open(me, sealed, ReleaseBinding.associatedData(rd, dataset, keyId));
    } catch (CryptoException e) {
      throw invalid("the key released for " + dataset + " does not open in this enclave");
    }
    if (!key.keyId().equals(keyId)) {
      key.close();
      throw invalid("the key released for " + dataset + " is not key " + keyId);
    }
    return key;
  }

  private JsonNode post(URI uri, JsonNode body) {
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(CanonicalJson.toBytes(body)))
            .build();
    HttpResponse<byte[]> res;
    try {
      res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw unreachable("the key broker is not reachable at " + origin(uri));
    } catch (HttpTimeoutException e) {
      throw unreachable("the key broker did not answer in time at " + origin(uri));
    } catch (IOException e) {
      throw unreachable("the key broker at " + origin(uri) + " failed: " + e.getClass().getName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted while waiting for the key broker at " + origin(uri));
    }
    JsonNode json = parse(res.body());
    if (res.statusCode() / 100 != 2) {
      String code = json.path("error").asText("HTTP_" + res.statusCode());
      String detail = json.path("detail").asText("");
      throw new AttestationException(
          AttestationException.Code.RELEASE_REFUSED,
          REFUSED
              + code
              + " (HTTP "
              + res.statusCode()
              + ")"
              + (detail.isBlank() ? "" : ": " + detail));
    }
    return json;
  }

  private static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      return CanonicalJson.mapper().createObjectNode();
    }
    try {
      return CanonicalJson.mapper().readTree(body);
    } catch (IOException e) {
      return CanonicalJson.mapper().createObjectNode();
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
      throw invalid("the key broker's answer has no " + field);
    }
    return v.textValue();
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  private static AttestationException invalid(String message) {
    return new AttestationException(AttestationException.Code.RELEASE_INVALID, message);
  }

  private static AttestationException unreachable(String message) {
    return new AttestationException(AttestationException.Code.BROKER_UNREACHABLE, message);
  }
}
