package io.cleanroom.enclave.run;

import io.cleanroom.attestation.release.KeyReleaseClient;
import io.cleanroom.enclave.config.EnclaveConfig;
import io.cleanroom.enclave.identity.EnclaveIdentity;
import io.cleanroom.query.privacy.dp.InMemoryBudgetLedger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.jboss.logging.Logger;

/**
 * Accepts runs, executes them on a bounded pool, enforces each run's time limit, cancels on
 * request, and keeps the last finished runs for their callers.
 *
 * <p><b>Security:</b> results live in memory only, for as long as the run is retained. The log
 * names runs, phases and error codes; never values, keys or the SQL's literals.
 */
@ApplicationScoped
public class RunService {

  private static final Logger LOG = Logger.getLogger(RunService.class);

  @Inject EnclaveConfig config;
  @Inject EnclaveIdentity identity;

  private final Map<String, Run> runs = new LinkedHashMap<>();
  private final java.util.List<LogEntry> log = new java.util.ArrayList<>();

  /**
   * One of the enclave's signed log entries with its sequence number (from 1, in signing order) and
   * the contract it concerns.
   */
  public record LogEntry(long sequence, String contractHash, byte[] entry) {}

  private ExecutorService workers;
  private ScheduledExecutorService deadlines;
  private BufferAllocator allocator;
  private RunJob job;

  @PostConstruct
  void start() {
    workers = Executors.newFixedThreadPool(config.run().concurrency(), named("enclave-run"));
    deadlines = Executors.newSingleThreadScheduledExecutor(named("enclave-deadline"));
    allocator = new RootAllocator();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    job =
        new RunJob(
            identity,
            new KeyReleaseClient(http, Duration.ofSeconds(60)),
            http,
            allocator,
            new InMemoryBudgetLedger(),
            config.datasetRoots(),
            config.run().memoryMib() << 20);
  }

  @PreDestroy
  void stop() {
    deadlines.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      allocator.close();
    } catch (IllegalStateException e) {
      // A worker that did not stop in time still holds buffers; the process is ending anyway.
      LOG.warn("runs still held memory at shutdown");
    }
  }

  /** Queues a run; answers it at once (QUEUED). */
  public Run submit(RunRequest req) {
    Run run = new Run(UUID.randomUUID().toString(), RunLogEntries.contractHash(req));
    remember(run);
    Duration max = config.run().timeLimit();
    Duration limit = req.timeLimit().filter(l -> l.compareTo(max) < 0).orElse(max);
    Instant deadline = Instant.now().plus(limit);
    addLogEntry(run, RunLogEntries.started(identity, run, req));
    LOG.infof("run %s queued (%d datasets located)", run.id(), req.datasets().size());
    run.attach(
        workers.submit(
            () -> {
              job.execute(run, req, deadline);
              logEnd(run);
            }));
    deadlines.schedule(
        () -> {
          if (run.abort(
              new EnclaveException(
                  EnclaveException.Code.TIME_LIMIT,
                  "the run took longer than its time limit of " + limit))) {
            logEnd(run);
          }
        },
        limit.toMillis(),
        TimeUnit.MILLISECONDS);
    return run;
  }

  /** The run with this id, while retained. */
  public synchronized Optional<Run> find(String id) {
    return Optional.ofNullable(runs.get(id));
  }

  /** Cancels a run; true if it was still going. */
  public boolean cancel(Run run) {
    boolean cancelled =
        run.abort(new EnclaveException(EnclaveException.Code.CANCELLED, "the run was cancelled"));
    if (cancelled) {
      logEnd(run);
    }
    return cancelled;
  }

  /**
   * The signed log entries of every run since the enclave started, after sequence number {@code
   * after}, at most {@code limit}, only those of {@code contractHash} when given: the portal reads
   * them into the collaboration's log. They live in memory, like the runs, for the process's life.
   */
  public synchronized java.util.List<LogEntry> logEntries(
      long after, int limit, Optional<String> contractHash) {
    return log.stream()
        .filter(e -> e.sequence() > after)
        .filter(e -> contractHash.map(e.contractHash()::equals).orElse(true))
        .limit(limit)
        .toList();
  }

  private synchronized void addLogEntry(Run run, byte[] entry) {
    run.addLogEntry(entry);
    log.add(new LogEntry(log.size() + 1, run.contractHash(), entry.clone()));
  }

  private synchronized void remember(Run run) {
    runs.put(run.id(), run);
    int excess = runs.size() - config.run().retained();
    for (Iterator<Run> it = runs.values().iterator(); it.hasNext() && excess > 0; ) {
      if (it.next().status().terminal()) {
        it.remove();
        excess--;
      }
    }
  }

  private void logEnd(Run run) {
    if (!run.markLogged()) {
      return;
    }
    addLogEntry(run, RunLogEntries.ended(identity, run));
    LOG.infof(
        "run %s %s in phase %s%s",
        run.id(),
        run.status(),
        run.phase(),
        run.error().map(e -> " (" + e.code() + ")").orElse(""));
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    return Thread.ofPlatform().name(prefix + "-", 0).daemon(true).factory();
  }
}
