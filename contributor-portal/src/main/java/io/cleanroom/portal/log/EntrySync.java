package io.cleanroom.portal.log;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.policy.AllowedEnclaves;
import io.cleanroom.attestation.receipt.ReceiptVerifier;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.portal.contract.ContractRecord;
import io.cleanroom.portal.remote.Remote;
import io.cleanroom.portal.remote.ServiceUrls;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Brings the signed entries of the key brokers (approvals, key releases and refusals) and of the
 * enclaves (runs) into the logs of the collaborations whose contracts they concern. For each
 * configured source and each contract version the portal holds, it reads {@code GET
 * /v1/log/entries?contractHash=&after=}, checks each entry's signature with the source's key and
 * that it concerns that contract, and appends it once (its source and sequence number are unique
 * per log).
 *
 * <p><b>Security:</b> a key broker's log key is trusted on first use and kept in {@code
 * broker_keys}; if the broker later answers another key, nothing more is taken from it. An
 * enclave's key is the one its attestation evidence binds: the evidence must verify (to the vendor
 * roots, or to the simulated root when {@code portal.attestation.simulated-root} is configured) and
 * be accepted by the contract's allowed enclaves before any of its entries about that contract is
 * taken. Verifiers do not depend on any of this: they pin the keys themselves ({@code cleanroom
 * verify log --trusted-keys}).
 */
@ApplicationScoped
public class EntrySync {

  private static final Logger LOG = Logger.getLogger(EntrySync.class);
  private static final int PAGE = 500;

  @Inject CollaborationLog log;
  @Inject ServiceUrls serviceUrls;
  @Inject Remote remote;

  @ConfigProperty(name = "portal.brokers")
  Optional<List<String>> brokers;

  @ConfigProperty(name = "portal.enclaves")
  Optional<List<String>> enclaves;

  @ConfigProperty(name = "portal.attestation.simulated-root")
  Optional<Path> simulatedRoot;

  @ConfigProperty(name = "portal.attestation.network", defaultValue = "false")
  boolean network;

  @ConfigProperty(name = "quarkus.oidc.auth-server-url")
  String authServerUrl;

  @ConfigProperty(name = "portal.oidc-client.client-id")
  String clientId;

  @ConfigProperty(name = "portal.oidc-client.secret")
  String clientSecret;

  private ReceiptVerifier enclaveVerifier;

  /** What one pass took in, and what it could not. */
  public record Result(int appended, List<String> problems) {}

  @PostConstruct
  void init() {
    TrustConfig trust = TrustConfig.defaults().withNetwork(network);
    if (simulatedRoot.isPresent()) {
      trust = trust.withSimulatedRootFile(simulatedRoot.get());
      LOG.warnf(
          "Trusting the SIMULATED TEE root %s: entries of simulated enclaves join the logs."
              + " Never configure this in production.",
          simulatedRoot.get());
    }
    enclaveVerifier = new ReceiptVerifier(new Verifiers(trust));
  }

  @Scheduled(
      every = "${portal.sync-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      delayed = "5s")
  void scheduled() {
    try {
      Result r = syncAll();
      if (!r.problems().isEmpty()) {
        LOG.warnf("log sync: %s", r.problems());
      }
    } catch (RuntimeException e) {
      LOG.errorf("log sync failed: %s", e.toString());
    }
  }

  /** One pass over every source and contract. */
  public synchronized Result syncAll() {
    List<String> problems = new ArrayList<>();
    List<String> configured = new ArrayList<>(urls(brokers));
    serviceUrls.defaultKeyBroker().ifPresent(u -> configured.add(u.toString()));
    serviceUrls.organizationKeyBrokers().values().forEach(u -> configured.add(u.toString()));
    List<String> brokerUrls = configured.stream().map(ServiceUrls::base).distinct().toList();
    List<String> configuredEnclaves = new ArrayList<>(urls(enclaves));
    serviceUrls.enclave().ifPresent(u -> configuredEnclaves.add(u.toString()));
    List<String> enclaveUrls =
        configuredEnclaves.stream().map(ServiceUrls::base).distinct().toList();
    if (brokerUrls.isEmpty() && enclaveUrls.isEmpty()) {
      return new Result(0, List.of());
    }
    List<ContractRecord> contracts =
        QuarkusTransaction.requiringNew().call(() -> ContractRecord.<ContractRecord>listAll());
    int appended = 0;
    for (String base : brokerUrls) {
      try {
        byte[] key = pinnedBrokerKey(base);
        String token = token();
        for (ContractRecord c : contracts) {
          appended += pull(base, token, LogEntries.BROKER, key, "broker:" + base, c);
        }
      } catch (IOException | RuntimeException e) {
        problems.add(base + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result(appended, List.copyOf(problems));
      }
    }
    for (String base : enclaveUrls) {
      try {
        appended += syncEnclave(base, contracts, problems);
      } catch (IOException | RuntimeException e) {
        problems.add(base + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return new Result(appended, List.copyOf(problems));
  }

  private int syncEnclave(String base, List<ContractRecord> contracts, List<String> problems)
      throws IOException, InterruptedException {
    JsonNode att = getJson(base + "/v1/attestation", null);
    String keyText = att.path("signingKey").asText("");
    byte[] key;
    try {
      key = Base64.getUrlDecoder().decode(keyText);
    } catch (IllegalArgumentException e) {
      throw new IOException("the enclave's signing key is not base64url");
    }
    Instant now = Instant.now();
    ReceiptVerifier.EnclaveCheck check;
    try {
      check =
          enclaveVerifier.verifyEnclave(
              att.path("evidence"),
              att.path("hpkePublicKey").asText(""),
              key,
              att.path("simulated").asBoolean(true),
              now);
    } catch (AttestationException e) {
      throw new IOException(e.getMessage());
    }
    int appended = 0;
    for (ContractRecord c : contracts) {
      Contract contract = ContractParser.parse(c.contractJson);
      var tried =
          AllowedEnclaves.appraise(
              check.result(),
              contract.allowedEnclaves().stream()
                  .map(e -> new AllowedEnclaves.Entry(e.tee(), e.values()))
                  .toList(),
              Optional.of(check.reportData()),
              now);
      if (!AllowedEnclaves.accepted(tried)) {
        // Not an enclave this contract allows: none of its entries about it are taken.
        problems.add(
            base
                + ": not allowed by contract "
                + c.contractHash
                + (tried.isEmpty() ? "" : " (" + AllowedEnclaves.refusals(tried) + ")"));
        continue;
      }
      appended += pull(base, null, LogEntries.ENCLAVE, key, "enclave:" + base + "#" + keyText, c);
    }
    return appended;
  }

  private int pull(
      String base, String token, LogEntries kind, byte[] key, String source, ContractRecord c)
      throws IOException, InterruptedException {
    int appended = 0;
    while (true) {
      SyncCursor cursor =
          QuarkusTransaction.requiringNew()
              .call(() -> SyncCursor.findById(new SyncCursor.Key(source, c.contractHash)));
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
          throw new IOException("the sequence numbers do not increase");
        }
        byte[] signed = CanonicalJson.toBytes(item.get("entry"));
        JsonNode entry;
        try {
          entry = kind.verify(signed, key).receipt();
        } catch (CryptoException e) {
          throw new IOException("entry " + seq + " does not verify: " + e.getMessage());
        }
        String collaboration = entry.path("collaborationId").textValue();
        if (!c.contractHash.equals(entry.path("contractHash").textValue())
            || (collaboration != null && !collaboration.equals(c.collaborationId))) {
          throw new IOException("entry " + seq + " is not about contract " + c.contractHash);
        }
        long s = seq;
        QuarkusTransaction.requiringNew()
            .run(
                () -> {
                  log.append(c.collaborationId, signed, source + "#" + s);
                  SyncCursor sc = SyncCursor.findById(new SyncCursor.Key(source, c.contractHash));
                  if (sc == null) {
                    sc = new SyncCursor();
                    sc.source = source;
                    sc.contractHash = c.contractHash;
                    sc.lastSequence = s;
                    sc.persist();
                  } else {
                    sc.lastSequence = s;
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

  private byte[] pinnedBrokerKey(String base) throws IOException, InterruptedException {
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
    Remote.Answer r =
        remote.post(
            URI.create(ServiceUrls.base(authServerUrl) + "/protocol/openid-connect/token"),
            Optional.empty(),
            "application/x-www-form-urlencoded",
            form.getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(10));
    if (r.status() != 200) {
      throw new IOException("Keycloak refused the portal's client credentials: " + r.status());
    }
    String token = r.json().path("access_token").textValue();
    if (token == null) {
      throw new IOException("Keycloak answered no access token");
    }
    return token;
  }

  private JsonNode getJson(String url, String token) throws IOException {
    Remote.Answer r = remote.get(URI.create(url), Optional.ofNullable(token));
    if (r.status() != 200) {
      throw new IOException("GET " + URI.create(url).getPath() + " answered " + r.status());
    }
    return CanonicalJson.mapper().readTree(r.body());
  }

  private static List<String> urls(Optional<List<String>> configured) {
    return configured.orElse(List.of()).stream()
        .filter(u -> !u.isBlank())
        .map(ServiceUrls::base)
        .toList();
  }
}
