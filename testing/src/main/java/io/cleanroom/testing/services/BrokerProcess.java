package io.cleanroom.testing.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real key broker, started as a process from its packaged jar (the tests of a service that
 * talks to it build it first in the reactor): H2 and its master key in a fresh directory, OIDC at
 * the test Keycloak, the simulated TEE's root trusted when one is given. Its log goes to {@code
 * key-broker.log} in the work directory. The jar is {@code -Dbroker.runner}, else {@code
 * ../key-broker/target/quarkus-app/quarkus-run.jar}.
 */
public final class BrokerProcess extends ServiceProcess {

  private BrokerProcess(ServiceProcess started) {
    super(started);
  }

  /**
   * Starts the broker and waits until its health check answers.
   *
   * @param simulatedRoot the simulated TEE's root the broker trusts, or {@code null} for none
   */
  public static BrokerProcess start(URI oidcIssuer, Path simulatedRoot, Path workDir) {
    return start(oidcIssuer, simulatedRoot, workDir, Map.of());
  }

  /**
   * As {@link #start(URI, Path, Path)}, with more environment: e.g. {@code
   * QUARKUS_HTTP_CORS_ORIGINS}, the web origins (the portal's) whose pages may call it.
   */
  public static BrokerProcess start(
      URI oidcIssuer, Path simulatedRoot, Path workDir, Map<String, String> moreEnv) {
    try {
      Path data = Files.createDirectories(workDir.resolve("data")).toAbsolutePath();
      Map<String, String> env = new HashMap<>(moreEnv);
      env.put("BROKER_DATA_DIR", data.toString());
      if (simulatedRoot != null) {
        env.put("BROKER_ATTESTATION_SIMULATED_ROOT", simulatedRoot.toString());
      }
      env.put("QUARKUS_OIDC_AUTH_SERVER_URL", oidcIssuer.toString());
      return new BrokerProcess(
          ServiceProcess.start(
              "key-broker",
              "broker.runner",
              "../key-broker/target/quarkus-app/quarkus-run.jar",
              env,
              workDir,
              "-Xmx384m"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
