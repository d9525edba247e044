package io.cleanroom.testing.services;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The contributor portal (API and web UI), started as a process from its packaged jar ({@code
 * -Dportal.runner}, else {@code ../contributor-portal/target/quarkus-app/quarkus-run.jar}) on its
 * embedded H2 file in the work directory (the packaged jar's database kind is fixed when it is
 * built), OIDC at the test Keycloak, with the given key broker and enclave. Its log goes to {@code
 * portal.log} in the work directory.
 */
public final class PortalProcess extends ServiceProcess {

  private PortalProcess(ServiceProcess started) {
    super(started);
  }

  /**
   * Starts the portal and waits until it is ready.
   *
   * @param keyBroker every organization's key broker (its entries also join the logs)
   * @param enclave the enclave that runs approved queries
   * @param simulatedRoot the simulated TEE's root the portal trusts for enclave evidence
   * @param moreEnv more environment, e.g. {@code QUARKUS_HTTP_PORT} for a port chosen beforehand
   */
  public static PortalProcess start(
      URI oidcIssuer,
      String keyBroker,
      String enclave,
      Path simulatedRoot,
      Path workDir,
      Map<String, String> moreEnv) {
    Map<String, String> env = new HashMap<>(moreEnv);
    env.put("PORTAL_DATA_DIR", workDir.resolve("data").toAbsolutePath().toString());
    env.put("PORTAL_BROKERS", keyBroker);
    env.put("PORTAL_ENCLAVES", enclave);
    env.put("PORTAL_ATTESTATION_SIMULATED_ROOT", simulatedRoot.toAbsolutePath().toString());
    env.put("QUARKUS_OIDC_AUTH_SERVER_URL", oidcIssuer.toString());
    return new PortalProcess(
        ServiceProcess.start(
            "portal",
            "portal.runner",
            "../contributor-portal/target/quarkus-app/quarkus-run.jar",
            env,
            workDir,
            "-Xmx512m",
            "-XX:-HeapDumpOnOutOfMemoryError"));
  }
}
