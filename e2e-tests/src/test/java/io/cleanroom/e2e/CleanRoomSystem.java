package io.cleanroom.e2e;

import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.testing.keycloak.KeycloakServer;
import io.cleanroom.testing.services.BrokerProcess;
import io.cleanroom.testing.services.EnclaveProcess;
import io.cleanroom.testing.services.PortalProcess;
import io.cleanroom.testing.services.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The whole clean room from its built jars, as {@code ./cleanroom up} runs it, on free ports of
 * 127.0.0.1: Keycloak with the demo realm, one key broker (every organization's), the enclave on
 * the simulated TEE (SIMULATED — NOT CONFIDENTIAL) and the portal on its embedded H2 file (the
 * packaged jar's database kind is fixed at build time). Each start begins with empty services. The
 * key broker allows the portal's web origin (CORS), so browsers deposit keys there directly.
 */
final class CleanRoomSystem implements AutoCloseable {

  final KeycloakServer keycloak;
  final BrokerProcess broker;
  final EnclaveProcess enclave;
  final PortalProcess portal;
  final Path workDir;

  private CleanRoomSystem(
      Path workDir,
      KeycloakServer keycloak,
      BrokerProcess broker,
      EnclaveProcess enclave,
      PortalProcess portal) {
    this.workDir = workDir;
    this.keycloak = keycloak;
    this.broker = broker;
    this.enclave = enclave;
    this.portal = portal;
  }

  static CleanRoomSystem start(Path workDir) {
    KeycloakServer keycloak = null;
    BrokerProcess broker = null;
    EnclaveProcess enclave = null;
    try {
      Files.createDirectories(workDir);
      for (String service : new String[] {"key-broker", "enclave", "portal", "tee"}) {
        deleteTree(workDir.resolve(service));
      }
      keycloak = KeycloakServer.startOrConnect(workDir);
      Path teeDir = workDir.resolve("tee");
      SimulatedTee.loadOrCreate(teeDir);
      Path root = teeDir.resolve(SimulatedTee.ROOT_FILE);
      int portalPort = ServiceProcess.freePort();
      String portalOrigin = "http://127.0.0.1:" + portalPort;
      broker =
          BrokerProcess.start(
              keycloak.issuerUrl(),
              root,
              workDir.resolve("key-broker"),
              Map.of("QUARKUS_HTTP_CORS_ORIGINS", portalOrigin));
      enclave = EnclaveProcess.start(teeDir, workDir.resolve("enclave"));
      String brokerUrl = broker.url().toString().replaceAll("/$", "");
      PortalProcess portal =
          PortalProcess.start(
              keycloak.issuerUrl(),
              brokerUrl,
              base(enclave),
              root,
              workDir.resolve("portal"),
              Map.of("QUARKUS_HTTP_PORT", Integer.toString(portalPort)));
      return new CleanRoomSystem(workDir, keycloak, broker, enclave, portal);
    } catch (IOException e) {
      closeAll(enclave, broker, keycloak);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      closeAll(enclave, broker, keycloak);
      throw e;
    }
  }

  /** The portal's web address (its origin, without a final slash). */
  String portalUrl() {
    return base(portal);
  }

  private static String base(ServiceProcess service) {
    return service.url().toString().replaceAll("/$", "");
  }

  URI brokerUrl() {
    return broker.url();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void closeAll(AutoCloseable... services) {
    for (AutoCloseable s : services) {
      if (s != null) {
        try {
          s.close();
        } catch (Exception e) {
          // stopping the rest matters more
        }
      }
    }
  }

  @Override
  public void close() {
    closeAll(portal, enclave, broker, keycloak);
  }
}
