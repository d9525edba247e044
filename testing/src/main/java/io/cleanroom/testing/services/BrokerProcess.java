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
import java.util.Map;

/**
 * The real key broker, started as a process from its packaged jar (the tests of a service that
 * talks to it build it first in the reactor): H2 and its master key in a fresh directory, OIDC at
 * the test Keycloak, the simulated TEE's root trusted when one is given. Its log goes to {@code
 * key-broker.log} in the work directory. The jar is {@code -Dbroker.runner}, else {@code
 * ../key-broker/target/quarkus-app/quarkus-run.jar}.
 */
public final class BrokerProcess implements AutoCloseable {

  private final Process process;
  private final URI url;
  private final Path log;

  private BrokerProcess(Process process, URI url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
  }

  /**
   * Starts the broker and waits until its health check answers.
   *
   * @param simulatedRoot the simulated TEE's root the broker trusts, or {@code null} for none
   */
  public static BrokerProcess start(URI oidcIssuer, Path simulatedRoot, Path workDir) {
    Path jar =
        Path.of(
            System.getProperty(
                "broker.runner", "../key-broker/target/quarkus-app/quarkus-run.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no key broker jar at " + jar + ": build with ./mvnw -pl <this module> -am verify");
    }
    try {
      Path data = Files.createDirectories(workDir.resolve("data"));
      Path log = workDir.resolve("key-broker.log");
      int port = freePort();
      String java = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder pb =
          new ProcessBuilder(java, "-Xmx384m", "-jar", jar.toAbsolutePath().toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      Map<String, String> env = pb.environment();
      env.put("BROKER_DATA_DIR", data.toString());
      if (simulatedRoot != null) {
        env.put("BROKER_ATTESTATION_SIMULATED_ROOT", simulatedRoot.toString());
      }
      env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
      env.put("QUARKUS_OIDC_AUTH_SERVER_URL", oidcIssuer.toString());
      BrokerProcess broker =
          new BrokerProcess(pb.start(), URI.create("http://127.0.0.1:" + port + "/"), log);
      broker.awaitHealthy(Duration.ofSeconds(90));
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The broker's base URL. */
  public URI url() {
    return url;
  }

  /** Its log file. */
  public Path log() {
    return log;
  }

  private void awaitHealthy(Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the key broker exited; see " + log);
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
    throw new IllegalStateException("the key broker did not become ready; see " + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
