package io.cleanroom.attestation.collect;

import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.sim.SimulatedReportRequest;
import io.cleanroom.attestation.sim.SimulatedTee;

/**
 * Collects evidence from the {@link SimulatedTee} for a fixed build measurement.
 *
 * <p><b>Security:</b> simulated evidence protects nothing and verifies only where the simulated
 * root is configured; use it off TEE hardware (development, CI).
 */
public final class SimulatedCollector implements Collector {

  private final SimulatedTee tee;
  private final byte[] measurement;

  /**
   * @param measurement the build measurement (48 bytes, e.g. {@code BuildMeasurement.of(...)})
   */
  public SimulatedCollector(SimulatedTee tee, byte[] measurement) {
    this.tee = tee;
    this.measurement = measurement.clone();
  }

  @Override
  public String name() {
    return "simulated";
  }

  @Override
  public Evidence collect(byte[] reportData) {
    return tee.report(SimulatedReportRequest.of(reportData, measurement));
  }
}
