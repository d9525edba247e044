package io.cleanroom.query.exec;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Supplies Arrow batches of a dataset's requested columns; the executor closes what it opens.
 *
 * <p><b>Security:</b> the executor treats every batch as untrusted input: it checks the types
 * against the plan and the buffer lengths before reading any value.
 */
public interface DatasetSource {

  /**
   * Opens the named columns of a dataset, in the order given, allocating from {@code allocator}.
   */
  BatchStream open(String datasetId, List<String> columns, BufferAllocator allocator);
}
