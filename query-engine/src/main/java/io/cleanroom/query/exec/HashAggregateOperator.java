package io.cleanroom.query.exec;

import java.util.function.Supplier;

/**
 * GROUP BY with a hash table on the key columns (a single string key indexes by its dictionary
 * code; two narrow keys are packed into one); every aggregate, COUNT(DISTINCT) included, is updated
 * directly per batch from the group ids.
 */
final class HashAggregateOperator implements Operator {

  private final ExecContext ctx;
  private final Operator input;
  private final Supplier<AggState> state;
  private boolean done;

  HashAggregateOperator(ExecContext ctx, Operator input, Supplier<AggState> state) {
    this.ctx = ctx;
    this.input = input;
    this.state = state;
  }

  @Override
  public Batch next() {
    if (done) {
      return null;
    }
    done = true;
    AggState s = state.get();
    Batch b;
    while ((b = input.next()) != null) {
      ctx.checkTime();
      s.add(b);
    }
    input.close();
    return s.result();
  }

  @Override
  public void close() {
    input.close();
  }
}
