package io.cleanroom.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Repeats an action after warm-up runs and reports the median wall time and the median process CPU
 * time. CPU time is what one core's worth of work costs and stays meaningful on a busy machine;
 * wall time is what a user waits and is what parallel figures need.
 */
final class Timer {

  /** Something to time; returns a value so that the JIT cannot drop the work. */
  @FunctionalInterface
  interface Action {
    long run() throws Exception;
  }

  /** Median seconds of wall-clock and of process CPU time. */
  record Result(double wall, double cpu) {}

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private Timer() {}

  private static long cpuNow() {
    return "thread".equals(System.getenv("BENCH_CPU"))
        ? ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
        : OS.getProcessCpuTime();
  }

  /** Median seconds of {@code runs} timed runs after {@code warmups} untimed ones. */
  static double median(int warmups, int runs, Action action) throws Exception {
    return measure(warmups, runs, action).wall();
  }

  /** Median wall and CPU seconds of {@code runs} timed runs after {@code warmups} untimed ones. */
  static Result measure(int warmups, int runs, Action action) throws Exception {
    long sink = 0;
    for (int i = 0; i < warmups; i++) {
      sink += action.run();
    }
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = cpuNow();
      long t0 = System.nanoTime();
      sink += action.run();
      wall[i] = (System.nanoTime() - t0) / 1e9;
      cpu[i] = (cpuNow() - c0) / 1e9;
    }
    if (sink == 42) {
      System.out.print("");
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new Result(wall[runs / 2], cpu[runs / 2]);
  }
}
