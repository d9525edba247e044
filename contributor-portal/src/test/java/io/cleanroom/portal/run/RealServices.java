package io.cleanroom.portal.run;

import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.cleanroom.testing.services.BrokerProcess;
import io.cleanroom.testing.services.EnclaveProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real key broker and the real enclave service (on the simulated TEE, which both the broker and
 * the portal are told to trust — development only, NOT confidential), from their packaged jars,
 * with the test Keycloak. Their base URLs are in the system properties {@code portal.test.broker}
 * and {@code portal.test.enclave}.
 */
public class RealServices implements QuarkusTestResourceLifecycleManager {

  private BrokerProcess broker;
  private EnclaveProcess enclave;

  @Override
  public Map<String, String> start() {
    Path dir;
    try {
      dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "services");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path simulator = dir.resolve("simulated-tee");
    SimulatedTee.loadOrCreate(simulator);
    Path root = simulator.resolve(SimulatedTee.ROOT_FILE);
    broker =
        BrokerProcess.start(KeycloakTestResource.server().issuerUrl(), root, dir.resolve("broker"));
    try {
      enclave = EnclaveProcess.start(simulator, dir.resolve("enclave"));
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    String b = strip(broker.url().toString());
    String e = strip(enclave.url().toString());
    System.setProperty("portal.test.broker", b);
    System.setProperty("portal.test.enclave", e);
    return Map.of(
        "portal.brokers",
        b,
        "portal.enclaves",
        e,
        "portal.attestation.simulated-root",
        root.toString(),
        "portal.sync-interval",
        "off",
        "portal.runs.poll-interval",
        "1s");
  }

  private static String strip(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public void stop() {
    if (enclave != null) {
      enclave.close();
    }
    if (broker != null) {
      broker.close();
    }
  }
}
