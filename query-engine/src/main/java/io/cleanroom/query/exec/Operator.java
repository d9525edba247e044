package io.cleanroom.query.exec;

/** A physical operator: a pull-based stream of batches. */
interface Operator extends AutoCloseable {

  /** The next batch, or null at the end. */
  Batch next();

  @Override
  default void close() {}
}
