package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A hash aggregate over a scan pipeline run by several threads: each worker takes batches from the
 * shared scan source, runs its own copy of the filters and projections, and aggregates into its own
 * partial state; the partial states are then merged. Every aggregate is merged exactly
 * (COUNT(DISTINCT) by its (group, value) sets), so the result equals the single-threaded one.
 */
final class ParallelAggregateOperator implements Operator {

  private final ExecContext ctx;
  private final List<Operator> inputs;
  private final Supplier<AggState> state;
  private final ScanSource source;
  private boolean done;

  ParallelAggregateOperator(
      ExecContext ctx, List<Operator> inputs, Supplier<AggState> state, ScanSource source) {
    this.ctx = ctx;
    this.inputs = inputs;
    this.state = state;
    this.source = source;
  }

  @Override
  public Batch next() {
    if (done) {
      return null;
    }
    done = true;
    int n = inputs.size();
    AggState[] states = new AggState[n];
    java.util.concurrent.atomic.AtomicReference<Throwable> first =
        new java.util.concurrent.atomic.AtomicReference<>();
    for (int i = 0; i < n; i++) {
      states[i] = state.get();
    }
    List<Thread> threads = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      int w = i;
      threads.add(
          Thread.ofPlatform()
              .name("cleanroom-query-worker-" + w)
              .start(() -> work(inputs.get(w), states[w], first)));
    }
    work(inputs.get(0), states[0], first);
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        source.stop();
        throw new QueryException(QueryException.Code.INTERNAL, "interrupted", e);
      }
    }
    Throwable t = first.get();
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    for (int i = 1; i < n; i++) {
      ctx.checkTime();
      states[0].merge(states[i]);
    }
    return states[0].result();
  }

  /** Runs one worker; the first failure of any worker is the query's, and ends the others. */
  private void work(
      Operator input, AggState s, java.util.concurrent.atomic.AtomicReference<Throwable> first) {
    try {
      Batch b;
      while (first.get() == null && (b = input.next()) != null) {
        ctx.checkTime();
        s.add(b);
      }
    } catch (Throwable t) {
      first.compareAndSet(null, t);
      source.stop();
    } finally {
      input.close();
    }
  }

  @Override
  public void close() {
    inputs.forEach(Operator::close);
    source.close();
  }
}
