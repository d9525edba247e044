package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * A key broker's HTTP API (docs/protocol.md) as plain methods for people's calls, with a bearer
 * token. The enclave's release calls are {@code io.cleanroom.attestation.release.KeyReleaseClient}.
 *
 * <p><b>Security:</b> a deposit's body holds the raw data key only while it is sent; the bytes are
 * overwritten right after. Neither keys nor tokens appear in messages or logs.
 */
public final class BrokerClient {

  private final URI base;
  private final Optional<String> token;
  private final HttpJson http = new HttpJson("the key broker");

  /** A client of the broker at {@code base} calling with {@code token} (if any). */
  public BrokerClient(URI base, Optional<String> token) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.token = token;
  }

  /** {@code PUT /v1/keys/{datasetId}}: deposits {@code key}; answers the deposit's metadata. */
  public JsonNode deposit(String datasetId, DatasetKey key) {
    byte[] raw = key.toBytes(KeyAccess.rawKeyMaterial());
    byte[] body = null;
    try {
      String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      body =
          ("{\"key\":\"" + b64 + "\",\"keyId\":\"" + key.keyId() + "\"}")
              .getBytes(StandardCharsets.US_ASCII);
      return http.send(
          authed("v1/keys/" + segment(datasetId))
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    } finally {
      Arrays.fill(raw, (byte) 0);
      if (body != null) {
        Arrays.fill(body, (byte) 0);
      }
    }
  }

  /** {@code GET /v1/keys}: the caller's organization's deposits (metadata). */
  public JsonNode keys() {
    return http.send(authed("v1/keys").GET());
  }

  /** {@code POST /v1/contracts}: registers a contract; answers {contractHash, collaborationId}. */
  public JsonNode registerContract(byte[] contractJson) {
    return http.send(
        authed("v1/contracts")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(contractJson)));
  }

  /** {@code POST /v1/approvals}: records the caller's organization's decision. */
  public JsonNode decide(
      String kind,
      String contractHash,
      Optional<String> fingerprint,
      boolean approve,
      Optional<String> comment) {
    ObjectNode req = HttpJson.MAPPER.createObjectNode();
    req.put("kind", kind);
    req.put("contractHash", contractHash);
    fingerprint.ifPresent(f -> req.put("queryFingerprint", f));
    req.put("decision", approve ? "approved" : "rejected");
    comment.ifPresent(c -> req.put("comment", c));
    return http.send(
        authed("v1/approvals").header("Content-Type", "application/json").POST(HttpJson.json(req)));
  }

  /** {@code GET /v1/log/key}: the broker's public log key (no token needed), base64url. */
  public String logKey() {
    return http.send(request("v1/log/key").GET()).path("signingKey").asText();
  }

  /** {@code GET /v1/release-log}: newest first. */
  public JsonNode releaseLog(Optional<String> contractHash, int limit) {
    String q =
        "v1/release-log?limit="
            + limit
            + contractHash.map(h -> "&contractHash=" + segment(h)).orElse("");
    return http.send(authed(q).GET());
  }

  /** {@code GET /v1/budgets}: a contract's differential-privacy budgets, by owner. */
  public JsonNode budgets(String contractHash) {
    return http.send(authed("v1/budgets?contractHash=" + segment(contractHash)).GET());
  }

  private HttpRequest.Builder authed(String path) {
    String t =
        token.orElseThrow(
            () ->
                new io.cleanroom.cli.UserError(
                    "a token is required: --token-file FILE or CLEANROOM_TOKEN (cleanroom token"
                        + " prints one)"));
    return request(path).header("Authorization", "Bearer " + t);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path));
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
