package io.cleanroom.bench;

import java.util.Arrays;

/** Repeats an action after warm-up runs and reports the median wall time. */
final class Timer {

  /** Something to time; returns a value so that the JIT cannot drop the work. */
  @FunctionalInterface
  interface Action {
    long run() throws Exception;
  }

  private Timer() {}

  /** Median seconds of {@code runs} timed runs after {@code warmups} untimed ones. */
  static double median(int warmups, int runs, Action action) throws Exception {
    long sink = 0;
    for (int i = 0; i < warmups; i++) {
      sink += action.run();
    }
    double[] seconds = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      sink += action.run();
      seconds[i] = (System.nanoTime() - t0) / 1e9;
    }
    if (sink == 42) {
      System.out.print("");
    }
    Arrays.sort(seconds);
    return seconds[runs / 2];
  }
}
