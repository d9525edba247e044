package io.cleanroom.testing.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
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
 * One of the project's Quarkus services started as a process from its packaged jar on a free port
 * of 127.0.0.1, its output in {@code <name>.log} in the work directory, ready once {@code
 * /q/health/ready} answers 200. Stopped by {@link #close()} (and when the JVM exits).
 */
public final class ServiceProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final URI url;
  private final Path log;
  private final Thread shutdownHook;

  private ServiceProcess(String name, Process process, URI url, Path log) {
    this.name = name;
    this.process = process;
    this.url = url;
    this.log = log;
    this.shutdownHook = new Thread(this::stop, name + "-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * The jar named by system property {@code property}, else {@code fallback} (relative to the
   * module being tested); refused with a hint when it was not built.
   */
  public static Path jar(String property, String fallback) {
    Path jar = Path.of(System.getProperty(property, fallback));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no jar at " + jar + ": build with ./mvnw -pl <this module> -am verify");
    }
    return jar;
  }

  /**
   * Starts {@code java <jvmArgs> -jar <jar>} with {@code env} added and waits until it is ready. It
   * listens on {@code QUARKUS_HTTP_PORT} when {@code env} names one, else on a free port.
   */
  public static ServiceProcess start(
      String name,
      Path jar,
      List<String> jvmArgs,
      Map<String, String> env,
      Path workDir,
      Duration timeout) {
    try {
      Files.createDirectories(workDir);
      Path log = workDir.resolve(name + ".log");
      int port =
          env.containsKey("QUARKUS_HTTP_PORT")
              ? Integer.parseInt(env.get("QUARKUS_HTTP_PORT"))
              : freePort();
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> command =
          new java.util.ArrayList<>(List.of(java, "-XX:-HeapDumpOnOutOfMemoryError"));
      command.addAll(jvmArgs);
      command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
      ServiceProcess service =
          new ServiceProcess(name, pb.start(), URI.create("http://127.0.0.1:" + port + "/"), log);
      service.awaitReady(timeout);
      return service;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL, ending in a slash. */
  public URI url() {
    return url;
  }

  /** The base URL without the final slash, as configuration values take it. */
  public String base() {
    String s = url.toString();
    return s.substring(0, s.length() - 1);
  }

  /** Its log file. */
  public Path log() {
    return log;
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the " + name + " exited; see " + log);
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(url.resolve("q/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (ConnectException e) {
        // not listening yet
      } catch (IOException e) {
        // starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(250);
    }
    close();
    throw new IllegalStateException("the " + name + " did not become ready; see " + log);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A port free on this machine now. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void stop() {
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

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook runs anyway
    }
  }
}
