package io.cleanroom.enclave;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.crypto.json.CanonicalJson;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged enclave (target/quarkus-app) as it is deployed: its start-up decisions. */
class EnclavePackagedIT {

  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

  @TempDir Path dir;

  private Process start(Map<String, String> env, Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(java, "-Xmx256m", "-jar", JAR.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put("ENCLAVE_TSM_ROOT", dir.resolve("no-tsm").toString());
    return pb.start();
  }

  @Test
  void refusesToStartWithoutATeeUnlessTheSimulatorIsEnabled() throws Exception {
    Path log = dir.resolve("enclave.log");
    Process p = start(Map.of("QUARKUS_HTTP_PORT", Integer.toString(freePort())), log);
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the enclave exits").isTrue();
      assertThat(p.exitValue()).isNotZero();
      assertThat(Files.readString(log)).contains("no TEE").contains("enclave.simulation.enabled");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void onTheEnabledSimulatorEveryAnswerSaysSimulated() throws Exception {
    int port = freePort();
    Path log = dir.resolve("enclave-sim.log");
    Process p =
        start(
            Map.of(
                "QUARKUS_HTTP_PORT",
                Integer.toString(port),
                "ENCLAVE_SIMULATION_ENABLED",
                "true",
                "ENCLAVE_SIMULATION_DIR",
                dir.resolve("sim").toString()),
            log);
    try {
      String body = awaitAttestation(p, URI.create("http://127.0.0.1:" + port + "/v1/attestation"));
      var a = CanonicalJson.parse(body);
      assertThat(a.get("simulated").asBoolean()).isTrue();
      assertThat(a.get("notice").asText()).contains("SIMULATED — NOT CONFIDENTIAL");
      assertThat(Files.readString(log)).contains("SIMULATED — NOT CONFIDENTIAL");
    } finally {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private static String awaitAttestation(Process p, URI uri) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end && p.isAlive()) {
      try {
        HttpResponse<String> r =
            http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return r.body();
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the enclave did not answer at " + uri);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
