package io.cleanroom.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal; silent otherwise so that
 * scripts and logs stay clean.
 */
public final class Progress implements AutoCloseable {

  private final PrintWriter err;
  private final String label;
  private final long total;
  private final boolean enabled;
  private long lastDraw;
  private int lastPercent = -1;

  private Progress(PrintWriter err, String label, long total, boolean enabled) {
    this.err = err;
    this.label = label;
    this.total = total;
    this.enabled = enabled;
  }

  /** A bar for {@code total} units (bytes), shown only on a terminal. */
  public static Progress start(PrintWriter err, String label, long total) {
    return new Progress(err, label, total, total > 0 && isTerminal(System.console()));
  }

  /** Console.isTerminal() exists from JDK 22 on; before it, a console means a terminal. */
  private static boolean isTerminal(java.io.Console console) {
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** Reports that {@code done} of {@code total} units are complete. */
  public void update(long done) {
    if (!enabled) {
      return;
    }
    int percent = (int) Math.min(100, done * 100 / total);
    long now = System.nanoTime();
    if (percent == lastPercent || now - lastDraw < 100_000_000L && percent < 100) {
      return;
    }
    lastDraw = now;
    lastPercent = percent;
    int filled = percent * 30 / 100;
    err.print(
        "\r" + label + " [" + "#".repeat(filled) + " ".repeat(30 - filled) + "] " + percent + "%");
    err.flush();
  }

  @Override
  public void close() {
    if (enabled && lastPercent >= 0) {
      err.print("\r" + " ".repeat(label.length() + 40) + "\r");
      err.flush();
    }
  }
}
