package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The memory one query may use: Arrow buffers (counted by its child allocator) plus the heap held
 * by the engine's own tables (hash tables, materialised inputs, dictionaries), which operators
 * reserve as they grow. Exceeding the limit fails the query with {@code MEMORY_LIMIT}. Safe for the
 * query's worker threads.
 */
final class MemoryTracker {

  private final BufferAllocator allocator;
  private final long limit;
  private long heap;

  MemoryTracker(BufferAllocator allocator, long limit) {
    this.allocator = allocator;
    this.limit = limit;
  }

  /** Records {@code bytes} more heap held by the query; throws when over the limit. */
  synchronized void reserve(long bytes) {
    heap += bytes;
    long used = heap + allocator.getAllocatedMemory();
    if (used > limit) {
      throw new QueryException(
          QueryException.Code.MEMORY_LIMIT,
          "the query needs more than its memory limit of " + limit + " bytes");
    }
  }
}
