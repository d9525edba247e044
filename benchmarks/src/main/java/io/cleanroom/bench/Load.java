package io.cleanroom.bench;

import java.lang.management.ManagementFactory;

/** The machine's load, printed with wall-clock figures so readers can judge them. */
final class Load {

  private Load() {}

  /** The one-minute load average (negative where the platform has none). */
  static double average() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
