package io.cleanroom.enclave.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The enclave on the simulated TEE (enabled explicitly, as production never does), whose state
 * directory the key broker under test trusts.
 */
public class SimulatedEnclaveProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "enclave.simulation.enabled", "true",
        "enclave.simulation.dir", Env.SIMULATOR.toString(),
        "enclave.run.time-limit", "PT2M");
  }
}
