package io.cleanroom.testing.services;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The enclave service on the simulated TEE, started as a process from its packaged jar ({@code
 * -Denclave.runner}, else {@code ../clean-room-enclave/target/quarkus-app/quarkus-run.jar}), as
 * {@code ./cleanroom up} starts it: SIMULATED — NOT CONFIDENTIAL, for tests only.
 */
public final class EnclaveProcess {

  private EnclaveProcess() {}

  /**
   * Starts the enclave with the simulated TEE kept in {@code simulatorDir} (the directory whose
   * {@code simulated-ark.pem} the brokers and the portal trust) and waits until it is ready.
   */
  public static ServiceProcess start(Path simulatorDir, Path workDir) {
    Path jar =
        ServiceProcess.jar(
            "enclave.runner", "../clean-room-enclave/target/quarkus-app/quarkus-run.jar");
    return ServiceProcess.start(
        "enclave",
        jar,
        List.of("-Xmx512m", "-XX:+DisableAttachMechanism"),
        Map.of(
            "ENCLAVE_SIMULATION_ENABLED", "true",
            "ENCLAVE_SIMULATION_DIR", simulatorDir.toAbsolutePath().toString(),
            "ENCLAVE_DATASET_ROOTS", workDir.toAbsolutePath().toString()),
        workDir,
        Duration.ofSeconds(120));
  }
}
