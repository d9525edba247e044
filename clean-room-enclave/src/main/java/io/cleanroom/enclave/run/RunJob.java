package io.cleanroom.enclave.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.release.KeyReleaseClient;
import io.cleanroom.attestation.release.ReleaseRequest;
import io.cleanroom.attestation.release.ReleasedKeys;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.enclave.identity.EnclaveIdentity;
import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.QueryException;
import io.cleanroom.query.check.CheckReport;
import io.cleanroom.query.check.Refusal;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.query.contract.DatasetSpec;
import io.cleanroom.query.exec.ExecutionLimits;
import io.cleanroom.query.exec.QueryExecutor;
import io.cleanroom.query.exec.QueryResult;
import io.cleanroom.query.exec.SealedDatasetSource;
import io.cleanroom.query.privacy.dp.LedgerDpReleaser;
import io.cleanroom.query.privacy.dp.PrivacyBudgetLedger;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.jboss.logging.Logger;

/**
 * One run from request to signed receipt: locate the sealed inputs, check the query against the
 * contract (never trusting the caller's verdict or fingerprint), compare each input's digest with
 * the contract's, obtain the keys from each owner's key broker, decrypt and run the query with its
 * output rules, and sign the receipt.
 *
 * <p><b>Security:</b> keys are released only after the query, fingerprint and digests checked out,
 * live only in memory and are wiped when the run ends, however it ends. Plaintext exists only in
 * the query's Arrow buffers, freed with its allocator. Error messages name datasets, codes, paths
 * and digests, never values; failures the engine does not classify get a generic message.
 */
final class RunJob {

  private static final Logger LOG = Logger.getLogger(RunJob.class);

  private final EnclaveIdentity identity;
  private final KeyReleaseClient release;
  private final HttpClient http;
  private final BufferAllocator allocator;
  private final PrivacyBudgetLedger ledger;
  private final Optional<List<Path>> roots;
  private final long memoryBytes;

  RunJob(
      EnclaveIdentity identity,
      KeyReleaseClient release,
      HttpClient http,
      BufferAllocator allocator,
      PrivacyBudgetLedger ledger,
      Optional<List<Path>> roots,
      long memoryBytes) {
    this.identity = identity;
    this.release = release;
    this.http = http;
    this.allocator = allocator;
    this.ledger = ledger;
    this.roots = roots;
    this.memoryBytes = memoryBytes;
  }

  /** Runs {@code req} as {@code run} until {@code deadline}; ends the run either way. */
  void execute(Run run, RunRequest req, Instant deadline) {
    List<ReleasedKeys> released = new ArrayList<>();
    try (Inputs inputs = new Inputs(roots, http)) {
      Contract contract = contract(req);
      step(run, RunPhase.LOCATING_INPUTS);
      inputs.locate(req.datasets());
      step(run, RunPhase.CHECKING_QUERY);
      CheckedQuery checked = check(contract, req, inputs.rowCounts());
      CheckReport report = checked.report();
      List<String> read = report.datasets().stream().map(CheckReport.DatasetRead::dataset).toList();
      step(run, RunPhase.VERIFYING_INPUTS);
      Map<String, Path> files = new LinkedHashMap<>();
      Map<String, String> digests = verifyInputs(contract, read, inputs, files);
      step(run, RunPhase.RELEASING_KEYS);
      Map<String, DatasetKey> keys = releaseKeys(req, contract, report, read, released);
      step(run, RunPhase.EXECUTING);
      QueryResult result = runQuery(contract, checked, files, keys, deadline);
      step(run, RunPhase.SIGNING);
      ObjectNode json = ResultJson.of(result);
      List<ReceiptBuilder.Input> in = new ArrayList<>();
      read.forEach(
          id -> in.add(new ReceiptBuilder.Input(id, digests.get(id), keys.get(id).keyId())));
      run.succeed(new RunOutcome(json, sign(run, contract, report, in, json, result)));
    } catch (EnclaveException e) {
      run.fail(e);
    } catch (RuntimeException e) {
      // A bug: log where, never the message (it could quote a value).
      LOG.errorf(
          "run %s: internal error %s at %s",
          run.id(),
          e.getClass().getName(),
          List.of(e.getStackTrace()).subList(0, Math.min(8, e.getStackTrace().length)));
      run.fail(
          new EnclaveException(
              EnclaveException.Code.INTERNAL, "the run failed (" + e.getClass().getName() + ")"));
    } finally {
      released.forEach(ReleasedKeys::close);
    }
  }

  /** Checks each read dataset's file against the contract's digest; answers the digests. */
  private static Map<String, String> verifyInputs(
      Contract contract, List<String> read, Inputs inputs, Map<String, Path> files) {
    Map<String, String> digests = new LinkedHashMap<>();
    for (String id : read) {
      Path file = inputs.files().get(id);
      if (file == null) {
        throw malformed("the query reads dataset " + id + ", which the request does not locate");
      }
      files.put(id, file);
      digests.put(id, verifyDigest(contract, id, file));
    }
    return digests;
  }

  private byte[] sign(
      Run run,
      Contract contract,
      CheckReport report,
      List<ReceiptBuilder.Input> inputs,
      ObjectNode json,
      QueryResult result) {
    return ReceiptBuilder.sign(
        identity,
        run.id(),
        contract.id(),
        report.fingerprint().orElseThrow(),
        inputs,
        Digests.hex(Digests.sha256(CanonicalJson.toBytes(json))),
        result.suppressedGroups(),
        report
            .differentialPrivacy()
            .map(d -> BigDecimal.valueOf(d.epsilon()).toPlainString())
            .orElse("0"),
        Instant.now());
  }

  private static void step(Run run, RunPhase phase) {
    if (Thread.currentThread().isInterrupted() || !run.enter(phase)) {
      throw new EnclaveException(EnclaveException.Code.CANCELLED, "the run was stopped");
    }
  }

  private static Contract contract(RunRequest req) {
    try {
      return ContractParser.parse(req.contract());
    } catch (QueryException | CryptoException e) {
      throw new EnclaveException(
          EnclaveException.Code.CONTRACT_INVALID, "the contract is invalid: " + e.getMessage());
    }
  }

  private static CheckedQuery check(Contract contract, RunRequest req, Map<String, Long> counts) {
    CheckedQuery checked;
    try {
      checked = new QueryChecker(contract, counts).check(req.sql(), req.parameters());
    } catch (QueryException e) {
      throw new EnclaveException(
          EnclaveException.Code.QUERY_REFUSED, "the query cannot be checked: " + e.code());
    }
    CheckReport report = checked.report();
    if (!report.allowed()) {
      Refusal first = report.refusals().get(0);
      throw new EnclaveException(
          EnclaveException.Code.QUERY_REFUSED,
          "the contract refuses this query: " + first.code() + ": " + first.message());
    }
    String fp = report.fingerprint().orElseThrow();
    if (!fp.equals(req.fingerprint())) {
      throw new EnclaveException(
          EnclaveException.Code.FINGERPRINT_MISMATCH,
          "the query's fingerprint is " + fp + ", not the " + req.fingerprint() + " given");
    }
    return checked;
  }

  private static String verifyDigest(Contract contract, String id, Path file) {
    DatasetSpec spec = contract.dataset(id).orElseThrow();
    String want =
        spec.sealedDigest()
            .orElseThrow(
                () ->
                    new EnclaveException(
                        EnclaveException.Code.DIGEST_MISMATCH,
                        "the contract names no sealed digest for dataset " + id));
    String have = Digests.hex(Digests.sha256(file));
    if (!have.equals(want)) {
      throw new EnclaveException(
          EnclaveException.Code.DIGEST_MISMATCH,
          "the sealed file of dataset "
              + id
              + " has digest "
              + have
              + ", the contract names "
              + want);
    }
    return have;
  }

  private Map<String, DatasetKey> releaseKeys(
      RunRequest req,
      Contract contract,
      CheckReport report,
      List<String> read,
      List<ReleasedKeys> released) {
    Map<URI, List<String>> byBroker = new LinkedHashMap<>();
    for (String id : read) {
      byBroker
          .computeIfAbsent(req.dataset(id).orElseThrow().keyBroker(), b -> new ArrayList<>())
          .add(id);
    }
    Map<String, DatasetKey> keys = new LinkedHashMap<>();
    for (var e : byBroker.entrySet()) {
      ReleaseRequest rr =
          new ReleaseRequest(contract.id(), report.fingerprint().orElseThrow(), e.getValue());
      try {
        ReleasedKeys r =
            release.release(e.getKey(), identity.collector(), identity.tee(), identity.hpke(), rr);
        released.add(r);
        keys.putAll(r.keys());
      } catch (AttestationException x) {
        String where = "the keys of " + e.getValue() + " from " + origin(e.getKey());
        boolean budgetSpent =
            KeyReleaseClient.refusalCode(x).filter("BUDGET_EXHAUSTED"::equals).isPresent();
        throw switch (x.code()) {
          case RELEASE_REFUSED ->
              // The broker's ledger is the authority on the owners' privacy budgets.
              new EnclaveException(
                  budgetSpent
                      ? EnclaveException.Code.BUDGET_EXHAUSTED
                      : EnclaveException.Code.KEY_RELEASE_REFUSED,
                  where + ": " + x.getMessage());
          default ->
              new EnclaveException(
                  EnclaveException.Code.KEY_BROKER_FAILED, where + ": " + x.getMessage());
        };
      }
    }
    return keys;
  }

  private QueryResult runQuery(
      Contract contract,
      CheckedQuery checked,
      Map<String, Path> files,
      Map<String, DatasetKey> keys,
      Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    if (left.isNegative() || left.isZero()) {
      throw new EnclaveException(EnclaveException.Code.TIME_LIMIT, "the run's time limit passed");
    }
    ExecutionLimits limits =
        new ExecutionLimits(memoryBytes, left, Runtime.getRuntime().availableProcessors());
    try {
      // The digests were checked before the keys were asked for (verifyInputs); not again here.
      Map<String, SealedDatasetSource.Sealed> sealed = new LinkedHashMap<>();
      files.forEach(
          (id, file) ->
              sealed.put(
                  id,
                  new SealedDatasetSource.Sealed(
                      file, keys.get(id), contract.dataset(id).orElseThrow().schema())));
      SealedDatasetSource source = new SealedDatasetSource(sealed);
      LedgerDpReleaser dp =
          new LedgerDpReleaser(contract, ledger, checked.report().fingerprint().orElseThrow());
      return new QueryExecutor(allocator, limits, Optional.of(dp)).execute(checked, source);
    } catch (QueryException e) {
      throw translate(e);
    }
  }

  private static EnclaveException translate(QueryException e) {
    return switch (e.code()) {
      case INVALID_DATA ->
          new EnclaveException(
              EnclaveException.Code.DATA_INVALID, "an input is invalid: " + e.getMessage());
      case TIME_LIMIT ->
          new EnclaveException(EnclaveException.Code.TIME_LIMIT, "the run's time limit passed");
      case MEMORY_LIMIT -> new EnclaveException(EnclaveException.Code.MEMORY_LIMIT, e.getMessage());
      case BUDGET_EXHAUSTED ->
          new EnclaveException(EnclaveException.Code.BUDGET_EXHAUSTED, e.getMessage());
      case REFUSED, INVALID_SQL, UNSUPPORTED ->
          new EnclaveException(EnclaveException.Code.QUERY_REFUSED, e.getMessage());
      default ->
          new EnclaveException(
              EnclaveException.Code.INTERNAL, "the query failed in the engine (" + e.code() + ")");
    };
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  private static EnclaveException malformed(String message) {
    return new EnclaveException(EnclaveException.Code.MALFORMED_REQUEST, message);
  }
}
