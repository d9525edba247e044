package io.cleanroom.attestation.collect;

import io.cleanroom.attestation.evidence.Evidence;

/** Produces evidence of the TEE this process runs in, binding 64 bytes of caller data. */
public interface Collector {

  /** A short name of the source ("configfs-tsm", "simulated"). */
  String name();

  /**
   * Collects fresh evidence whose REPORT_DATA is {@code reportData}.
   *
   * @param reportData exactly 64 bytes (e.g. SHA-512 of the runtime data's canonical JSON)
   */
  Evidence collect(byte[] reportData);
}
