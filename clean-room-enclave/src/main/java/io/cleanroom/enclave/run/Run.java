package io.cleanroom.enclave.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * One run's state, shared by its worker, its deadline and the API. Transitions are synchronized;
 * once terminal, a run never changes again (a cancelled run stays cancelled even if its worker
 * finishes later).
 */
public final class Run {

  private final String id;
  private final String contractHash;
  private final Instant createdAt = Instant.now();
  private RunStatus status = RunStatus.QUEUED;
  private RunPhase phase = RunPhase.LOCATING_INPUTS;
  private Instant finishedAt;
  private RunOutcome outcome;
  private EnclaveException error;
  private Future<?> future;
  private boolean logged;
  private final List<byte[]> logEntries = new ArrayList<>();
  private final String secret;
  private final byte[] secretHash;

  Run(String id, String contractHash) {
    this.id = id;
    this.contractHash = contractHash;
    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    this.secret = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    this.secretHash = sha256(secret);
  }

  /**
   * The run's secret: answered once, to whoever submitted it, and required to read or cancel the
   * run (its id alone is public: the log names it). Kept here only to answer the submission.
   */
  public String secret() {
    return secret;
  }

  /** Whether {@code presented} is the run's secret (compared in constant time). */
  public boolean admits(String presented) {
    return presented != null && java.security.MessageDigest.isEqual(secretHash, sha256(presented));
  }

  private static byte[] sha256(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SHA-256 of the contract the run was sent with, as its log entries name it. */
  public String contractHash() {
    return contractHash;
  }

  /** The run's id. */
  public String id() {
    return id;
  }

  /** When it was submitted. */
  public Instant createdAt() {
    return createdAt;
  }

  /** Its status. */
  public synchronized RunStatus status() {
    return status;
  }

  /** Its phase (the last one reached, for an ended run). */
  public synchronized RunPhase phase() {
    return phase;
  }

  /** When it ended. */
  public synchronized Optional<Instant> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }

  /** The result and receipt of a succeeded run. */
  public synchronized Optional<RunOutcome> outcome() {
    return Optional.ofNullable(outcome);
  }

  /** The error of a failed or cancelled run. */
  public synchronized Optional<EnclaveException> error() {
    return Optional.ofNullable(error);
  }

  /** True the first time it is called after the run ended (so that its end is logged once). */
  synchronized boolean markLogged() {
    if (!status.terminal() || logged) {
      return false;
    }
    logged = true;
    return true;
  }

  /** The run's signed log entries so far (canonical JSON bytes), oldest first. */
  public synchronized List<byte[]> logEntries() {
    return logEntries.stream().map(byte[]::clone).toList();
  }

  synchronized void addLogEntry(byte[] entry) {
    logEntries.add(entry.clone());
  }

  synchronized void attach(Future<?> f) {
    this.future = f;
  }

  /** Enters {@code p}; false if the run already ended (the worker then stops). */
  synchronized boolean enter(RunPhase p) {
    if (status.terminal()) {
      return false;
    }
    status = RunStatus.RUNNING;
    phase = p;
    return true;
  }

  synchronized void succeed(RunOutcome o) {
    if (!status.terminal()) {
      outcome = o;
      phase = RunPhase.DONE;
      end(RunStatus.SUCCEEDED);
    }
  }

  /** Ends the run with {@code e} (FAILED, or CANCELLED for that code); false if already ended. */
  synchronized boolean fail(EnclaveException e) {
    if (status.terminal()) {
      return false;
    }
    error = e;
    end(e.code() == EnclaveException.Code.CANCELLED ? RunStatus.CANCELLED : RunStatus.FAILED);
    return true;
  }

  /** Ends the run from outside its worker (cancel, deadline) and interrupts the worker. */
  synchronized boolean abort(EnclaveException e) {
    if (!fail(e)) {
      return false;
    }
    if (future != null) {
      future.cancel(true);
    }
    return true;
  }

  private void end(RunStatus s) {
    status = s;
    finishedAt = Instant.now();
  }
}
