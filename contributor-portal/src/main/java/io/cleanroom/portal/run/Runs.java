package io.cleanroom.portal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.receipt.Receipts;
import io.cleanroom.portal.api.ErrorCode;
import io.cleanroom.portal.api.PortalException;
import io.cleanroom.portal.contract.ContractRecord;
import io.cleanroom.portal.contract.Contracts;
import io.cleanroom.portal.dataset.DatasetRecord;
import io.cleanroom.portal.log.CollaborationLog;
import io.cleanroom.portal.query.Queries;
import io.cleanroom.portal.query.QueryRecord;
import io.cleanroom.portal.remote.Remote;
import io.cleanroom.portal.remote.ServiceUrls;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.query.contract.DatasetSpec;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs of approved queries. The portal asks its enclave ({@code POST /v1/runs}) with the contract
 * version, the query and, for each dataset the query reads, the portal's blob URL of the sealed
 * digest the contract names and the owner's key broker; logs {@code run.requested}; follows the run
 * until it ends (every {@code portal.runs.poll-interval}, and whenever someone looks); and keeps
 * the result with the enclave's signed receipt. Only the contract's result recipients read the
 * result, and every download is logged as {@code result.downloaded}.
 *
 * <p><b>Security:</b> the portal decides nothing here that matters: the enclave checks the query
 * against the contract again, checks each file's digest, and gets keys only if every owner's key
 * broker approves. The result is checked against the receipt's output digest before it is kept.
 */
@ApplicationScoped
public class Runs {

  private static final Logger LOG = Logger.getLogger(Runs.class);

  @Inject Contracts contracts;
  @Inject Queries queries;
  @Inject ServiceUrls urls;
  @Inject Remote remote;
  @Inject CollaborationLog log;

  @ConfigProperty(name = "portal.public-url")
  Optional<String> publicUrl;

  @ConfigProperty(name = "portal.runs.give-up-after", defaultValue = "PT30M")
  Duration giveUpAfter;

  /** The enclave's header for a run's secret. */
  private static final String RUN_SECRET = "Run-Secret";

  private static final Set<String> STATUSES =
      Set.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED");

  /** Asks the enclave to run an accepted proposal. */
  public RunRecord start(String collaborationId, String queryId, String actor, String org) {
    QueryRecord q =
        QuarkusTransaction.requiringNew().call(() -> queries.require(collaborationId, queryId));
    if (!q.allowed || q.fingerprint == null) {
      throw new PortalException(
          ErrorCode.QUERY_NOT_RUNNABLE, "the check refused query " + queryId + "; it cannot run");
    }
    ContractRecord cr =
        QuarkusTransaction.requiringNew()
            .call(() -> contracts.require(collaborationId, q.contractHash));
    Contract contract = ContractParser.parse(cr.contractJson);
    URI enclave =
        urls.enclave()
            .orElseThrow(
                () ->
                    new PortalException(ErrorCode.SERVICE_UNAVAILABLE, "no enclave is configured"));
    String base = ServiceUrls.base(publicUrl.orElseGet(Runs::loopback));

    ArrayNode datasets = CanonicalJson.mapper().createArrayNode();
    // The datasets the query reads, as the check at proposal time reported them (same contract,
    // same SQL: the enclave checks again anyway).
    for (JsonNode read : CanonicalJson.parse(q.reportJson).path("datasets")) {
      DatasetSpec spec = contract.dataset(read.path("dataset").asText()).orElseThrow();
      String digest =
          spec.sealedDigest()
              .orElseThrow(
                  () ->
                      new PortalException(
                          ErrorCode.QUERY_NOT_RUNNABLE,
                          "contract version "
                              + cr.versionNumber
                              + " names no sealed digest for dataset "
                              + spec.id()
                              + ": propose a version with the uploaded file's digest"));
      boolean uploaded =
          QuarkusTransaction.requiringNew()
              .call(
                  () ->
                      DatasetRecord.findById(new DatasetRecord.Key(collaborationId, digest))
                          != null);
      if (!uploaded) {
        throw new PortalException(
            ErrorCode.QUERY_NOT_RUNNABLE,
            "the sealed file of dataset " + spec.id() + " named by the contract is not uploaded");
      }
      datasets
          .addObject()
          .put("id", spec.id())
          .put("location", base + "/v1/blobs/" + digest)
          .put("keyBroker", urls.requireKeyBroker(spec.owner()).toString());
    }
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.set("contract", CanonicalJson.parse(cr.contractJson));
    ObjectNode query = body.putObject("query");
    query.put("sql", q.sql);
    query.set("parameters", CanonicalJson.parse(q.parametersJson));
    query.put("fingerprint", q.fingerprint);
    body.set("datasets", datasets);

    Remote.Answer a =
        remote.post(
            URI.create(enclave + "/v1/runs"), Optional.empty(), CanonicalJson.toBytes(body));
    if (!a.ok()) {
      if (a.status() / 100 == 4) {
        throw new PortalException(
            ErrorCode.QUERY_NOT_RUNNABLE, "the enclave refused the run: " + a.code());
      }
      throw new PortalException(
          ErrorCode.SERVICE_UNAVAILABLE, "the enclave answered " + a.status());
    }
    JsonNode v = a.json();
    if (!v.path("id").isTextual()) {
      throw new PortalException(ErrorCode.SERVICE_UNAVAILABLE, "the enclave named no run id");
    }
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              RunRecord r = new RunRecord();
              r.id = UUID.randomUUID().toString();
              r.collaborationId = collaborationId;
              r.queryId = q.id;
              r.contractHash = q.contractHash;
              r.fingerprint = q.fingerprint;
              r.enclaveUrl = enclave.toString();
              r.enclaveRunId = v.get("id").asText();
              r.enclaveRunSecret = v.path("runSecret").asText(null);
              r.simulated = v.path("simulated").asBoolean(true);
              r.requestedBy = actor;
              r.requestedOrg = org;
              r.requestedAt = Instant.now();
              apply(r, v);
              r.persist();
              ObjectNode e = CanonicalJson.mapper().createObjectNode();
              e.put("event", "run.requested");
              e.put("runId", r.id);
              e.put("queryId", q.id);
              e.put("contractHash", q.contractHash);
              e.put("queryFingerprint", q.fingerprint);
              e.put("enclave", r.enclaveUrl);
              e.put("enclaveRunId", r.enclaveRunId);
              e.put("simulated", r.simulated);
              ArrayNode inputs = e.putArray("inputs");
              datasets.forEach(
                  d ->
                      inputs
                          .addObject()
                          .put("dataset", d.get("id").asText())
                          .put("sealedDigest", digestOf(d.get("location").asText())));
              e.put("actor", actor);
              e.put("org", org);
              log.appendPortalEntry(collaborationId, e);
              return r;
            });
  }

  /**
   * The portal on the loopback interface, when {@code portal.public-url} is not set: never an
   * address from the request (its Host header is the caller's to choose).
   */
  private static String loopback() {
    var config = ConfigProvider.getConfig();
    String property =
        LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
    int port =
        Integer.getInteger(property, config.getOptionalValue(property, Integer.class).orElse(8083));
    return "http://127.0.0.1:" + port;
  }

  private static String digestOf(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** The collaboration's runs, newest first, as last seen (the scheduler follows open ones). */
  public List<RunRecord> list(String collaborationId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                RunRecord.<RunRecord>list(
                    "collaborationId = ?1 order by requestedAt desc", collaborationId));
  }

  /** One run, refreshed from the enclave while it goes on. */
  public RunRecord require(String collaborationId, String runId) {
    RunRecord r = QuarkusTransaction.requiringNew().call(() -> RunRecord.findById(runId));
    if (r == null || !r.collaborationId.equals(collaborationId)) {
      throw new PortalException(ErrorCode.NOT_FOUND, "no run " + runId);
    }
    return r.finished() ? r : refresh(r);
  }

  /** Follows the runs that have not ended. */
  @Scheduled(
      every = "${portal.runs.poll-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    List<RunRecord> open =
        QuarkusTransaction.requiringNew()
            .call(() -> RunRecord.<RunRecord>list("status in ?1", List.of("QUEUED", "RUNNING")));
    for (RunRecord r : open) {
      try {
        refresh(r);
      } catch (RuntimeException e) {
        LOG.warnf("run %s: %s", r.id, e.getMessage());
      }
    }
  }

  /**
   * Asks the enclave how the run is going and keeps what it answers. A result is kept only with a
   * receipt whose signature verifies and that names this run, contract, query and result; a run the
   * enclave forgot, or that does not end within {@code portal.runs.give-up-after}, fails.
   */
  RunRecord refresh(RunRecord r) {
    URI status = URI.create(r.enclaveUrl + "/v1/runs/" + r.enclaveRunId);
    JsonNode v = null;
    byte[] receipt = null;
    String failure = null;
    String failureCode = "RESULT_UNAVAILABLE";
    try {
      Remote.Answer a = remote.get(status, RUN_SECRET, r.enclaveRunSecret);
      if (a.status() == 404 && a.code().equals("RUN_UNKNOWN")) {
        failure = "the enclave no longer knows this run (it restarted)";
      } else if (a.ok()) {
        v = a.json();
        if (!STATUSES.contains(v.path("status").asText())) {
          failure = "the enclave answered an unknown status";
          v = null;
        } else if (v.path("status").asText().equals("SUCCEEDED")) {
          Remote.Answer ra =
              remote.get(URI.create(status + "/receipt"), RUN_SECRET, r.enclaveRunSecret);
          if (!ra.ok()) {
            return r; // try again later
          }
          receipt = ra.body();
          failure = receiptProblem(r, v.path("result"), receipt);
          failureCode = "RESULT_REFUSED";
        }
      }
    } catch (PortalException e) {
      // the enclave does not answer now: try again later, within the time given
    }
    if (v == null && failure == null) {
      if (Instant.now().isBefore(r.requestedAt.plus(giveUpAfter))) {
        return r;
      }
      failure = "the enclave has not answered for " + giveUpAfter;
      failureCode = "ENCLAVE_UNREACHABLE";
    }
    JsonNode answer = v;
    byte[] signedReceipt = receipt;
    String problem = failure;
    String code = failureCode;
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              // Locked: the scheduler and a reader refreshing the same run never overwrite each
              // other, and an ended run never changes again.
              RunRecord m = RunRecord.findById(r.id, LockModeType.PESSIMISTIC_WRITE);
              if (m.finished()) {
                return m;
              }
              if (problem != null) {
                m.status = "FAILED";
                m.errorCode = code;
                m.errorMessage = problem;
                m.finishedAt = Instant.now();
                return m;
              }
              apply(m, answer);
              if (signedReceipt != null) {
                m.resultJson = CanonicalJson.toString(answer.path("result"));
                m.outputDigest =
                    CanonicalJson.parse(signedReceipt)
                        .path("receipt")
                        .path("outputDigest")
                        .asText();
                m.receipt = signedReceipt;
              }
              return m;
            });
  }

  /** Why the result and receipt of a succeeded run cannot be kept, or null when they can. */
  private static String receiptProblem(RunRecord r, JsonNode result, byte[] receipt) {
    JsonNode signed;
    try {
      signed = Receipts.verify(receipt).receipt();
    } catch (RuntimeException e) {
      return "the receipt does not verify: " + e.getMessage();
    }
    String digest = Digests.hex(Digests.sha256(CanonicalJson.toBytes(result)));
    if (!digest.equals(signed.path("outputDigest").asText())) {
      return "the result does not match the receipt's output digest";
    }
    if (!r.enclaveRunId.equals(signed.path("runId").asText())
        || !r.contractHash.equals(signed.path("contractHash").asText())
        || !r.fingerprint.equals(signed.path("queryFingerprint").asText())) {
      return "the receipt is not this run's (run, contract or query differ)";
    }
    return null;
  }

  private static void apply(RunRecord r, JsonNode v) {
    String status = v.path("status").asText("QUEUED");
    r.status = STATUSES.contains(status) ? status : "QUEUED";
    r.phase = v.hasNonNull("phase") ? limit(v.get("phase").asText(), 40) : null;
    r.step = v.path("progress").has("step") ? v.path("progress").get("step").asInt() : null;
    r.steps = v.path("progress").has("steps") ? v.path("progress").get("steps").asInt() : null;
    if (v.hasNonNull("error")) {
      r.errorCode = limit(v.path("error").path("code").asText(), 64);
      r.errorMessage = limit(v.path("error").path("message").asText(), 2000);
    }
    if (v.hasNonNull("finishedAt")) {
      try {
        r.finishedAt = Instant.parse(v.get("finishedAt").asText());
      } catch (java.time.format.DateTimeParseException e) {
        r.finishedAt = Instant.now();
      }
    }
  }

  private static String limit(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n);
  }

  /**
   * The result for a recipient, logged as {@code result.downloaded}.
   *
   * @param format "json" or "csv" (logged as its media type)
   */
  public RunRecord download(
      String collaborationId, String runId, String actor, String org, String format) {
    RunRecord r = require(collaborationId, runId);
    if (!recipient(r, org)) {
      throw new PortalException(
          ErrorCode.NOT_A_RECIPIENT, org + " is no result recipient of " + r.contractHash);
    }
    if (r.resultJson == null) {
      throw new PortalException(
          ErrorCode.CONFLICT, "run " + runId + " has no result (status " + r.status + ")");
    }
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ObjectNode e = CanonicalJson.mapper().createObjectNode();
              e.put("event", "result.downloaded");
              e.put("runId", r.id);
              e.put("queryId", r.queryId);
              e.put("contractHash", r.contractHash);
              e.put("queryFingerprint", r.fingerprint);
              e.put("outputDigest", r.outputDigest);
              e.put("mediaType", format.equals("csv") ? "text/csv" : "application/json");
              e.put("actor", actor);
              e.put("org", org);
              log.appendPortalEntry(collaborationId, e);
            });
    return r;
  }

  /** Whether {@code org} is a result recipient of the run's contract. */
  public boolean recipient(RunRecord r, String org) {
    if (org == null) {
      return false;
    }
    ContractRecord cr =
        QuarkusTransaction.requiringNew()
            .call(() -> contracts.require(r.collaborationId, r.contractHash));
    return ContractParser.parse(cr.contractJson).resultRecipients().contains(org);
  }
}
