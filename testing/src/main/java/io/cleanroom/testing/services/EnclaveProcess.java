package io.cleanroom.testing.services;

import java.nio.file.Path;
import java.util.Map;

/**
 * The real enclave service on the <b>simulated</b> TEE (not confidential: for tests only), started
 * as a process from its packaged jar with the simulator's state in {@code simulatorDir} (the key
 * broker under test trusts that directory's root). Its log goes to {@code enclave.log} in the work
 * directory. The jar is {@code -Denclave.runner}, else {@code
 * ../clean-room-enclave/target/quarkus-app/quarkus-run.jar}.
 */
public final class EnclaveProcess extends ServiceProcess {

  private EnclaveProcess(ServiceProcess started) {
    super(started);
  }

  /** Starts the enclave and waits until its health check answers. */
  public static EnclaveProcess start(Path simulatorDir, Path workDir) {
    return new EnclaveProcess(
        ServiceProcess.start(
            "enclave",
            "enclave.runner",
            "../clean-room-enclave/target/quarkus-app/quarkus-run.jar",
            Map.of(
                "ENCLAVE_SIMULATION_ENABLED", "true",
                "ENCLAVE_SIMULATION_DIR", simulatorDir.toString(),
                "ENCLAVE_RUN_TIME_LIMIT", "PT2M"),
            workDir,
            "-Xmx512m",
            "-XX:+DisableAttachMechanism",
            "-XX:-HeapDumpOnOutOfMemoryError"));
  }
}
