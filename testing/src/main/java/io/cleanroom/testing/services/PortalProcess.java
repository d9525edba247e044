package io.cleanroom.testing.services;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The contributor portal (API and web UI), started as a process from its packaged jar ({@code
 * -Dportal.runner}, else {@code ../contributor-portal/target/quarkus-app/quarkus-run.jar}) on its
 * embedded H2 file in the work directory (the packaged jar's database kind is fixed when it is
 * built), OIDC at the test Keycloak, reading the given key broker and enclave.
 */
public final class PortalProcess {

  private PortalProcess() {}

  /**
   * Starts the portal and waits until it is ready.
   *
   * @param simulatedRoot the simulated TEE's root the portal trusts for enclave evidence
   * @param moreEnv more environment, e.g. {@code QUARKUS_HTTP_PORT} for a port chosen beforehand
   */
  public static ServiceProcess start(
      URI oidcIssuer,
      String keyBroker,
      String enclave,
      Path simulatedRoot,
      Path workDir,
      Map<String, String> moreEnv) {
    Path jar =
        ServiceProcess.jar(
            "portal.runner", "../contributor-portal/target/quarkus-app/quarkus-run.jar");
    Map<String, String> env = new HashMap<>(moreEnv);
    env.put("PORTAL_DATA_DIR", workDir.resolve("data").toAbsolutePath().toString());
    env.put("PORTAL_BROKERS", keyBroker);
    env.put("PORTAL_ENCLAVES", enclave);
    env.put("PORTAL_ATTESTATION_SIMULATED_ROOT", simulatedRoot.toAbsolutePath().toString());
    env.put("QUARKUS_OIDC_AUTH_SERVER_URL", oidcIssuer.toString());
    return ServiceProcess.start(
        "portal", jar, List.of("-Xmx512m"), env, workDir, Duration.ofSeconds(120));
  }
}
