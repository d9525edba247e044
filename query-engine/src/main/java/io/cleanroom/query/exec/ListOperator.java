package io.cleanroom.query.exec;

import java.util.ArrayDeque;
import java.util.List;

/** Replays batches computed in advance (values, materialised results). */
final class ListOperator implements Operator {

  private final ArrayDeque<Batch> batches;

  ListOperator(List<Batch> batches) {
    this.batches = new ArrayDeque<>(batches);
  }

  @Override
  public Batch next() {
    return batches.poll();
  }
}
