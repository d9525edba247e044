package io.cleanroom.query.exec;

import java.time.Duration;

/**
 * The resources one query may use.
 *
 * @param memoryBytes Arrow buffers plus the engine's heap tables, in bytes
 * @param timeLimit wall-clock time from the start of execution
 * @param parallelism threads the query may use (the engine currently runs one)
 */
public record ExecutionLimits(long memoryBytes, Duration timeLimit, int parallelism) {

  public ExecutionLimits {
    if (memoryBytes <= 0 || timeLimit.isNegative() || timeLimit.isZero() || parallelism < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /** 512 MiB, five minutes, one thread per processor. */
  public static ExecutionLimits defaults() {
    return new ExecutionLimits(
        512L << 20, Duration.ofMinutes(5), Runtime.getRuntime().availableProcessors());
  }
}
