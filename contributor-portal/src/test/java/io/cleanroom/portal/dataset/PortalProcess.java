package io.cleanroom.portal.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged portal ({@code target/quarkus-app/quarkus-run.jar}) as a process of its own, with
 * its embedded default database (an H2 file) and filesystem blobs in {@code dataDir}, and the JVM
 * options given (a small heap). Its log is {@code portal.log} there.
 */
final class PortalProcess implements AutoCloseable {

  private final Process process;
  private final URI url;
  private final Path log;

  private PortalProcess(Process process, URI url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
  }

  /** Starts the portal and waits until it is ready. */
  static PortalProcess start(URI oidcIssuer, Path dataDir, int port, List<String> jvmOptions) {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no packaged portal at " + jar + ": run ./mvnw package");
    }
    try {
      Files.createDirectories(dataDir);
      Path log = dataDir.resolve("portal.log");
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new java.util.ArrayList<>();
      command.add(java);
      command.addAll(jvmOptions);
      command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Map<String, String> env = pb.environment();
      env.put("PORTAL_DATA_DIR", dataDir.toString());
      env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
      env.put("QUARKUS_OIDC_AUTH_SERVER_URL", oidcIssuer.toString());
      PortalProcess portal =
          new PortalProcess(pb.start(), URI.create("http://127.0.0.1:" + port), log);
      portal.awaitReady(Duration.ofSeconds(90));
      return portal;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A free port. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  URI url() {
    return url;
  }

  /** The process's peak resident memory (VmHWM) in MiB, from /proc; -1 where there is none. */
  long peakResidentMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return -1;
  }

  /** Whether its log says it ran out of heap. */
  boolean ranOutOfMemory() throws IOException {
    return Files.readString(log).contains("OutOfMemoryError");
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the portal exited; see " + log);
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(url.resolve("/q/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    close();
    throw new IllegalStateException("the portal did not become ready; see " + log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
