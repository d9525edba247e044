package io.cleanroom.portal.log;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.portal.contract.ContractRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Brings the key brokers' signed entries (approvals, key releases and refusals) into the logs of
 * the collaborations whose contracts they concern: for each configured broker and each contract the
 * portal holds, it reads {@code GET /v1/log/entries?contractHash=&after=} with a client-credentials
 * token of the {@code cleanroom-portal} client, checks each entry's signature with the broker's log
 * key, and appends it (once: its source is the broker and its sequence number).
 *
 * <p><b>Security:</b> a broker's log key is trusted on first use and kept in {@code broker_keys};
 * if the broker later answers another key, nothing more is taken from it and the mismatch is logged
 * as an error. Verifiers do not depend on this: they pin the brokers' keys themselves ({@code
 * cleanroom verify log --trusted-keys}).
 */
@ApplicationScoped
public class BrokerLogSync {

  private static final Logger LOG = Logger.getLogger(BrokerLogSync.class);
  private static final int PAGE = 500;

  @Inject CollaborationLog log;

  @ConfigProperty(name = "portal.brokers")
  Optional<List<String>> brokers;

  @ConfigProperty(name = "quarkus.oidc.auth-server-url")
  String authServerUrl;

  @ConfigProperty(name = "portal.oidc-client.client-id")
  String clientId;

  @ConfigProperty(name = "portal.oidc-client.secret")
  String clientSecret;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** What one pass took in. */
  public record Result(int appended, List<String> problems) {}

  @Scheduled(
      every = "${portal.brokers.sync-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      delayed = "5s")
  void scheduled() {
    try {
      Result r = syncAll();
      if (!r.problems().isEmpty()) {
        LOG.warnf("broker log sync: %s", r.problems());
      }
    } catch (RuntimeException e) {
      LOG.errorf("broker log sync failed: %s", e.toString());
    }
  }

  /** One pass over every broker and contract. */
  public synchronized Result syncAll() {
    int appended = 0;
    List<String> problems = new java.util.ArrayList<>();
    List<String> urls = brokers.orElse(List.of()).stream().filter(u -> !u.isBlank()).toList();
    if (urls.isEmpty()) {
      return new Result(0, List.of());
    }
    List<ContractRecord> contracts =
        QuarkusTransaction.requiringNew().call(() -> ContractRecord.<ContractRecord>listAll());
    for (String url : urls) {
      String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      try {
        byte[] key = pinnedKey(base);
        String token = token();
        for (ContractRecord c : contracts) {
          appended += syncContract(base, key, token, c);
        }
      } catch (IOException | RuntimeException e) {
        problems.add(base + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problems.add(base + ": interrupted");
        break;
      }
    }
    return new Result(appended, List.copyOf(problems));
  }

  private int syncContract(String base, byte[] key, String token, ContractRecord c)
      throws IOException, InterruptedException {
    int appended = 0;
    while (true) {
      BrokerCursor cursor =
          QuarkusTransaction.requiringNew()
              .call(() -> BrokerCursor.findById(new BrokerCursor.Key(base, c.contractHash)));
      long after = cursor == null ? 0 : cursor.lastSequence;
      JsonNode page =
          getJson(
              base
                  + "/v1/log/entries?contractHash="
                  + URLEncoder.encode(c.contractHash, StandardCharsets.UTF_8)
                  + "&after="
                  + after
                  + "&limit="
                  + PAGE,
              token);
      if (!page.isArray() || page.isEmpty()) {
        return appended;
      }
      long last = after;
      for (JsonNode item : page) {
        long seq = item.path("sequence").asLong(-1);
        if (seq <= last) {
          throw new IOException("the broker's sequence numbers do not increase");
        }
        byte[] signed = CanonicalJson.toBytes(item.get("entry"));
        JsonNode entry;
        try {
          entry = LogEntries.BROKER.verify(signed, key).receipt();
        } catch (CryptoException e) {
          throw new IOException("entry " + seq + " does not verify: " + e.getMessage());
        }
        String collaboration = entry.path("collaborationId").textValue();
        if (!c.collaborationId.equals(collaboration)
            || !c.contractHash.equals(entry.path("contractHash").textValue())) {
          throw new IOException("entry " + seq + " is not about contract " + c.contractHash);
        }
        long s = seq;
        QuarkusTransaction.requiringNew()
            .run(
                () -> {
                  log.append(c.collaborationId, signed, "broker:" + base + "#" + s);
                  BrokerCursor bc =
                      BrokerCursor.findById(new BrokerCursor.Key(base, c.contractHash));
                  if (bc == null) {
                    bc = new BrokerCursor();
                    bc.brokerUrl = base;
                    bc.contractHash = c.contractHash;
                    bc.lastSequence = s;
                    bc.persist();
                  } else {
                    bc.lastSequence = s;
                  }
                });
        last = seq;
        appended++;
      }
      if (page.size() < PAGE) {
        return appended;
      }
    }
  }

  private byte[] pinnedKey(String base) throws IOException, InterruptedException {
    String answered = getJson(base + "/v1/log/key", null).path("signingKey").textValue();
    if (answered == null) {
      throw new IOException("the broker names no log key");
    }
    String pinned =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  BrokerKey k = BrokerKey.findById(base);
                  if (k == null) {
                    k = new BrokerKey();
                    k.brokerUrl = base;
                    k.signingKey = answered;
                    k.firstSeen = Instant.now();
                    k.persist();
                    LOG.infof("key broker %s: log key %s trusted on first use", base, answered);
                  }
                  return k.signingKey;
                });
    if (!pinned.equals(answered)) {
      LOG.errorf(
          "key broker %s answers log key %s, not %s seen first: not taking its entries",
          base, answered, pinned);
      throw new IOException("the broker's log key changed");
    }
    return Base64.getUrlDecoder().decode(pinned);
  }

  private String token() throws IOException, InterruptedException {
    String form =
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
    HttpRequest req =
        HttpRequest.newBuilder(
                URI.create(stripSlash(authServerUrl) + "/protocol/openid-connect/token"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IOException("Keycloak refused the portal's client credentials: " + r.statusCode());
    }
    String token = CanonicalJson.mapper().readTree(r.body()).path("access_token").textValue();
    if (token == null) {
      throw new IOException("Keycloak answered no access token");
    }
    return token;
  }

  private JsonNode getJson(String url, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + URI.create(url).getPath() + " answered " + r.statusCode());
    }
    return CanonicalJson.mapper().readTree(r.body());
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
