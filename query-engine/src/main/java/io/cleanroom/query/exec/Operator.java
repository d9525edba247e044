package io.cleanroom.query.exec;

/** A physical operator: a pull-based stream of batches. */
interface Operator extends AutoCloseable {

  /** The next batch, or null at the end. */
  Batch next();

  /**
   * The scan source at the bottom of this operator's pipeline (filters, projections and hash-join
   * probes over one scan), or null: the source a parallel aggregate's workers share.
   */
  default ScanSource pipelineSource() {
    return null;
  }

  @Override
  default void close() {}
}
