package io.cleanroom.attestation.sim;

import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.verify.TrustConfig;

/** One simulator per test JVM (RSA key generation is the slow part). */
public final class SimFixture {

  public static final SimulatedTee TEE = SimulatedTee.generate();

  /** Verifiers trusting the fixture's simulated root (and the pinned vendor roots). */
  public static final Verifiers VERIFIERS =
      new Verifiers(TrustConfig.defaults().withSimulatedRoot(TEE.rootCertificate()));

  private SimFixture() {}

  /** 64 bytes of report data filled with {@code b}. */
  public static byte[] reportData(int b) {
    byte[] out = new byte[64];
    java.util.Arrays.fill(out, (byte) b);
    return out;
  }

  /** 48 bytes of measurement filled with {@code b}. */
  public static byte[] measurement(int b) {
    byte[] out = new byte[48];
    java.util.Arrays.fill(out, (byte) b);
    return out;
  }
}
