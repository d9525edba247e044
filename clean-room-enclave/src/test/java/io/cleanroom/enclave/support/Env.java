package io.cleanroom.enclave.support;

import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.testing.keycloak.KeycloakServer;
import io.cleanroom.testing.services.BrokerProcess;
import io.cleanroom.testing.services.HospitalBankData;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What the end-to-end tests share for the whole test JVM: the real Keycloak (demo realm), the
 * simulated TEE's state directory, one key broker process and the sealed example data. Started on
 * first use; everything stops with the JVM.
 */
public final class Env {

  /** When the tests started (files older than this are not the tests'). */
  public static final Instant STARTED = Instant.now();

  /** The simulator's state (the enclave under test uses the same directory). */
  public static final Path SIMULATOR = Path.of("target", "simulated-tee").toAbsolutePath();

  private static KeycloakServer keycloak;
  private static BrokerProcess broker;
  private static HospitalBankData data;

  private Env() {}

  /** The Keycloak, started on first use (or the one named by -Dkeycloak.url). */
  public static synchronized KeycloakServer keycloak() {
    if (keycloak == null) {
      keycloak = KeycloakServer.startOrConnect(Path.of("target", "keycloak").toAbsolutePath());
      System.setProperty(KeycloakServer.URL_PROPERTY, keycloak.baseUrl().toString());
      Runtime.getRuntime().addShutdownHook(new Thread(keycloak::close));
    }
    return keycloak;
  }

  /** The key broker process, started on first use. */
  public static synchronized BrokerProcess broker() {
    if (broker == null) {
      SimulatedTee.loadOrCreate(SIMULATOR);
      broker =
          BrokerProcess.start(
              keycloak().issuerUrl(),
              SIMULATOR.resolve(SimulatedTee.ROOT_FILE),
              Path.of("target", "e2e-broker").toAbsolutePath());
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
    }
    return broker;
  }

  /** The sealed datasets and their contract, created on first use. */
  public static synchronized HospitalBankData data() {
    if (data == null) {
      data = HospitalBankData.create(Path.of("target", "e2e-data").toAbsolutePath());
    }
    return data;
  }

  /** A fresh access token of a demo user (password: user name + "-demo-password"). */
  public static String token(String user) {
    return keycloak().accessToken(user, user + "-demo-password");
  }
}
