package io.cleanroom.testing.services;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the project's Quarkus services started as a process from its packaged jar on a free port
 * of 127.0.0.1, its output in a log file, ready once its health check answers. Closing it stops it.
 */
public class ServiceProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final URI url;
  private final Path log;

  ServiceProcess(ServiceProcess started) {
    this(started.name, started.process, started.url, started.log);
  }

  private ServiceProcess(String name, Process process, URI url, Path log) {
    this.name = name;
    this.process = process;
    this.url = url;
    this.log = log;
  }

  /**
   * Starts {@code jar} (the system property {@code jarProperty} overrides it) with {@code env} and
   * waits until {@code /q/health/ready} answers. It listens on {@code QUARKUS_HTTP_PORT} when
   * {@code env} names one (a port chosen beforehand, see {@link #freePort()}), else on a free port.
   *
   * @param name what it is, for messages and the log file ({@code <name>.log} in {@code workDir})
   * @param javaOptions JVM options before {@code -jar}
   */
  public static ServiceProcess start(
      String name,
      String jarProperty,
      String jar,
      Map<String, String> env,
      Path workDir,
      String... javaOptions) {
    Path app = Path.of(System.getProperty(jarProperty, jar));
    if (!Files.isRegularFile(app)) {
      throw new IllegalStateException(
          "no " + name + " jar at " + app + ": build with ./mvnw -pl <this module> -am verify");
    }
    try {
      Files.createDirectories(workDir);
      Path log = workDir.resolve(name + ".log");
      int port =
          env.containsKey("QUARKUS_HTTP_PORT")
              ? Integer.parseInt(env.get("QUARKUS_HTTP_PORT"))
              : freePort();
      String javaCommand = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new ArrayList<>();
      command.add(javaCommand);
      command.addAll(List.of(javaOptions));
      command.add("-jar");
      command.add(app.toAbsolutePath().toString());
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().putAll(env);
      pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
      ServiceProcess p =
          new ServiceProcess(name, pb.start(), URI.create("http://127.0.0.1:" + port + "/"), log);
      p.awaitHealthy(Duration.ofSeconds(90));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Its base URL, with a trailing slash. */
  public URI url() {
    return url;
  }

  /** Its log file (a restart in the same work directory appends to it). */
  public Path log() {
    return log;
  }

  /** Whether its log holds {@code text}. */
  public boolean logContains(String text) throws IOException {
    return Files.readString(log).contains(text);
  }

  /** The process's peak resident memory (VmHWM) in MiB, from /proc; -1 where there is none. */
  public long peakResidentMib() {
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

  private void awaitHealthy(Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the " + name + " exited; see " + log);
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(url.resolve("q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
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
    throw new IllegalStateException("the " + name + " did not become ready; see " + log);
  }

  /** A port free on this machine now. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
