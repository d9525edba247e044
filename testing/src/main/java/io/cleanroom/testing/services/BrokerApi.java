package io.cleanroom.testing.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.function.Function;

/** The data owners' calls to the key broker under test, with real Keycloak tokens. */
public final class BrokerApi {

  private final URI base;
  private final Function<String, String> tokens;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Calls the broker at {@code base} with {@code tokens.apply(user)} as each user's token. */
  public BrokerApi(URI base, Function<String, String> tokens) {
    this.base = base;
    this.tokens = tokens;
  }

  /** Deposits {@code key} as {@code user}'s organization's key of {@code datasetId}. */
  public void deposit(String user, String datasetId, DatasetKey key) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put(
        "key",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(key.toBytes(KeyAccess.rawKeyMaterial())));
    body.put("keyId", key.keyId());
    send(user, "PUT", "v1/keys/" + datasetId, body);
  }

  /** Registers a contract; answers its hash. */
  public String register(String user, byte[] contract) {
    return send(user, "POST", "v1/contracts", CanonicalJson.parse(contract))
        .path("contractHash")
        .asText();
  }

  /** Approves the contract as {@code user}'s organization. */
  public void approveContract(String user, String contractHash) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("kind", "contract").put("contractHash", contractHash).put("decision", "approved");
    send(user, "POST", "v1/approvals", body);
  }

  /** Approves a query fingerprint as {@code user}'s organization. */
  public void approveQuery(String user, String contractHash, String fingerprint) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("kind", "query")
        .put("contractHash", contractHash)
        .put("queryFingerprint", fingerprint)
        .put("decision", "approved");
    send(user, "POST", "v1/approvals", body);
  }

  /** The release log as the compliance officer sees it. */
  public JsonNode releaseLog(String contractHash) {
    return send("auditor", "GET", "v1/release-log?contractHash=" + contractHash, null);
  }

  /** A contract's differential-privacy budgets as the compliance officer sees them. */
  public JsonNode budgets(String contractHash) {
    return send("auditor", "GET", "v1/budgets?contractHash=" + contractHash, null);
  }

  private JsonNode send(String user, String method, String path, JsonNode body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", "Bearer " + tokens.apply(user))
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(CanonicalJson.toBytes(body)));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
      }
      return r.body().isEmpty() ? CanonicalJson.mapper().nullNode() : CanonicalJson.parse(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
