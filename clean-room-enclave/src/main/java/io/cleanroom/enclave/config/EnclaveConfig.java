package io.cleanroom.enclave.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The enclave's settings ({@code enclave.*}); each is described in docs/enclave.md. */
@ConfigMapping(prefix = "enclave")
public interface EnclaveConfig {

  /** Where configfs-tsm reports are requested (SEV-SNP and TDX guests). */
  @WithDefault("/sys/kernel/config/tsm/report")
  Path tsmRoot();

  /** The simulated TEE, for machines without TEE hardware. */
  Simulation simulation();

  /** Limits of each run. */
  Runs run();

  /**
   * Directories sealed dataset files may be read from; when empty, any readable path. URLs
   * (http/https) are fetched regardless.
   */
  Optional<List<Path>> datasetRoots();

  /** The simulated TEE. */
  interface Simulation {
    /**
     * Whether the simulator may be used when configfs-tsm is absent. Off by default: an enclave
     * without a TEE then refuses to start.
     */
    @WithDefault("false")
    boolean enabled();

    /** The simulator's state directory (shared with the brokers that trust it); else in memory. */
    Optional<Path> dir();

    /** The simulated build measurement (48 bytes in hex). */
    @WithDefault(
        "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")
    String measurement();
  }

  /** Limits of each run. */
  interface Runs {
    /** Wall-clock time of a run, key release and decryption included. */
    @WithDefault("PT10M")
    Duration timeLimit();

    /** Memory of the query (Arrow buffers and the engine's tables), in MiB. */
    @WithDefault("1024")
    long memoryMib();

    /** Runs executed at the same time; more wait in a queue. */
    @WithDefault("2")
    int concurrency();

    /** Finished runs kept for {@code GET /v1/runs/{id}} (the oldest are forgotten). */
    @WithDefault("100")
    int retained();
  }
}
