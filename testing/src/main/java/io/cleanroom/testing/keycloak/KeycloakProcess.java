package io.cleanroom.testing.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A {@code kc.sh start-dev} process: in-memory database, realm imported from {@code data/import},
 * output in a log file. A shutdown hook stops it should the JVM exit without {@link #stop}.
 */
final class KeycloakProcess {

  private static final System.Logger LOG = System.getLogger(KeycloakProcess.class.getName());
  private static final int LOG_TAIL_LINES = 40;

  private final Process process;
  private final Path logFile;
  private final Thread shutdownHook;

  private KeycloakProcess(Process process, Path logFile) {
    this.process = process;
    this.logFile = logFile;
    this.shutdownHook = new Thread(() -> stop(Duration.ofSeconds(5)), "keycloak-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Writes the realm to {@code home/data/import/<realm>-realm.json} and starts Keycloak. */
  static KeycloakProcess launch(
      Path home, byte[] realmJson, String realm, int httpPort, int managementPort, Path logFile) {
    try {
      Path imports = Files.createDirectories(home.resolve("data/import"));
      Files.write(imports.resolve(realm + "-realm.json"), realmJson);
      ProcessBuilder builder =
          new ProcessBuilder(
                  home.resolve("bin/kc.sh").toString(),
                  "start-dev",
                  "--http-host=127.0.0.1",
                  "--http-port=" + httpPort,
                  "--http-management-port=" + managementPort,
                  "--import-realm",
                  "--db=dev-mem")
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile());
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      LOG.log(
          System.Logger.Level.INFO,
          "starting Keycloak on http://127.0.0.1:{0,number,#} (management port {1,number,#}), log"
              + " {2}",
          httpPort,
          managementPort,
          logFile);
      return new KeycloakProcess(builder.start(), logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Keycloak from " + home, e);
    }
  }

  /**
   * Polls {@code ready} every half second until it holds; fails with the log's last lines if the
   * process exits first or {@code timeout} passes.
   */
  void awaitReady(BooleanSupplier ready, Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw failure("Keycloak exited with code " + process.exitValue() + " before it was ready");
      }
      if (ready.getAsBoolean()) {
        break;
      }
      if (System.nanoTime() - deadline > 0) {
        throw failure("Keycloak was not ready within " + timeout.toSeconds() + " s");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Keycloak", e);
      }
    }
    LOG.log(
        System.Logger.Level.INFO,
        "Keycloak ready in {0} s",
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
  }

  /** Stops the process and its descendants: politely, then forcibly after {@code grace}. */
  void stop(Duration grace) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : all(descendants)) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        handle.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        handle.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        handle.destroyForcibly();
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // called from the hook itself
    }
  }

  private List<ProcessHandle> all(List<ProcessHandle> descendants) {
    return Stream.concat(Stream.of(process.toHandle()), descendants.stream()).toList();
  }

  private IllegalStateException failure(String what) {
    return new IllegalStateException(
        what + "; last lines of " + logFile + ":\n" + String.join("\n", logTail()));
  }

  private List<String> logTail() {
    try {
      List<String> lines =
          new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
      return lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
    } catch (IOException e) {
      return List.of("(cannot read the log: " + e.getMessage() + ")");
    }
  }
}
