package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.rex.RexBuilder;

/** The state of one running query: its allocator, memory, deadline, strings and counters. */
final class ExecContext {

  final BufferAllocator allocator;
  final MemoryTracker memory;
  final StringDictionary dict;
  final DatasetSource source;
  final RexBuilder rexBuilder;
  final Optional<DpReleaser> dp;
  final int parallelism;
  private final long deadlineNanos;
  private final long timeLimitMillis;
  long suppressedGroups;

  ExecContext(
      BufferAllocator allocator,
      long memoryLimit,
      long timeLimitMillis,
      DatasetSource source,
      RexBuilder rexBuilder,
      Optional<DpReleaser> dp,
      int parallelism) {
    this.parallelism = parallelism;
    this.allocator = allocator;
    this.memory = new MemoryTracker(allocator, memoryLimit);
    this.dict = new StringDictionary(memory);
    this.source = source;
    this.rexBuilder = rexBuilder;
    this.dp = dp;
    this.timeLimitMillis = timeLimitMillis;
    this.deadlineNanos = System.nanoTime() + timeLimitMillis * 1_000_000L;
  }

  /** Fails the query once its time is up; operators call it per batch. */
  void checkTime() {
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new QueryException(
          QueryException.Code.TIME_LIMIT,
          "the query ran longer than its time limit of " + timeLimitMillis + " ms");
    }
  }
}
