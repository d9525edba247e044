package io.cleanroom.enclave.run;

/** Where a run is. */
public enum RunStatus {
  /** Waiting for a worker. */
  QUEUED,
  /** Working; its phase says on what. */
  RUNNING,
  /** Done: result and receipt are available. */
  SUCCEEDED,
  /** Stopped with an error. */
  FAILED,
  /** Cancelled by {@code DELETE /v1/runs/{id}}. */
  CANCELLED;

  /** Whether the run has ended. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
