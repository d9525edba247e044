package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a run (the enclave's or the portal's view of it) until it ends, and prints the phases it
 * went through: {@code run ID: QUEUED → LOCATING_INPUTS → … → SUCCEEDED}.
 */
final class RunProgress {

  /** Asks for the run's current view. */
  interface Poll {
    JsonNode next() throws java.io.IOException, InterruptedException;
  }

  private RunProgress() {}

  /**
   * Polls every {@code every} until the run ends; answers its last view, or {@code null} when
   * {@code wait} passed first (the caller decides what to do then).
   */
  static JsonNode follow(
      JsonNode first, Poll poll, Duration every, Duration wait, String id, PrintWriter out)
      throws java.io.IOException, InterruptedException {
    JsonNode run = first;
    List<String> seen = new ArrayList<>(List.of(progress(run)));
    long deadline = System.nanoTime() + wait.toNanos();
    while (!terminal(run)) {
      if (System.nanoTime() > deadline) {
        out.println("run " + id + ": " + String.join(" → ", seen));
        return null;
      }
      Thread.sleep(every.toMillis());
      run = poll.next();
      String p = progress(run);
      if (!p.equals(seen.get(seen.size() - 1))) {
        seen.add(p);
      }
    }
    out.println("run " + id + ": " + String.join(" → ", seen));
    return run;
  }

  static boolean terminal(JsonNode run) {
    return switch (run.path("status").asText()) {
      case "SUCCEEDED", "FAILED", "CANCELLED" -> true;
      default -> false;
    };
  }

  static String progress(JsonNode run) {
    String status = run.path("status").asText("?");
    return status.equals("RUNNING") ? run.path("phase").asText(status) : status;
  }
}
