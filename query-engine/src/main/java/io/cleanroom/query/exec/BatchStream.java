package io.cleanroom.query.exec;

import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/** A stream of record batches of one dataset's requested columns. */
public interface BatchStream extends AutoCloseable {

  /** Loads the next batch; false at the end. */
  boolean loadNextBatch();

  /** The current batch: vectors in the order of the requested columns; valid until next load. */
  VectorSchemaRoot root();

  /** The dictionaries of dictionary-encoded vectors, if the stream has any. */
  default Optional<DictionaryProvider> dictionaries() {
    return Optional.empty();
  }

  @Override
  void close();
}
