package io.cleanroom.broker;

import io.cleanroom.attestation.sim.SimulatedTee;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * A simulated TEE for the tests, whose root the broker under test is configured to trust (as {@code
 * ./cleanroom up} does). Tests reach the same simulator through {@link #tee()}.
 */
public class SimulatedTeeResource implements QuarkusTestResourceLifecycleManager {

  static final Path DIR = Path.of("target", "simulated-tee").toAbsolutePath();

  /** The simulator (its state lives in target/simulated-tee). */
  public static SimulatedTee tee() {
    return SimulatedTee.loadOrCreate(DIR);
  }

  @Override
  public Map<String, String> start() {
    tee();
    return Map.of(
        "broker.attestation.simulated-root", DIR.resolve(SimulatedTee.ROOT_FILE).toString());
  }

  @Override
  public void stop() {}
}
