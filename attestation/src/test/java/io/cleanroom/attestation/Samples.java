package io.cleanroom.attestation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Reads the shared attestation test vectors in place (never copied into the project). */
public final class Samples {

  private Samples() {}

  /** The shared attestation folder, from the {@code cleanroom.shared.dir} system property. */
  public static Path dir() {
    String shared = System.getProperty("cleanroom.shared.dir", "../../shared");
    return Path.of(shared).resolve("testdata/attestation");
  }

  /** A file of the folder. */
  public static Path path(String relative) {
    return dir().resolve(relative);
  }

  /** The bytes of a file of the folder. */
  public static byte[] read(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The AMD ASK/ASVK/ARK certificates, as the cache directory tests configure. */
  public static Path amdCertDir() {
    return path("sev-snp/amd-roots/canonical");
  }

  /** A date at midnight UTC. */
  public static Instant at(String isoDate) {
    return isoDate.contains("T") ? Instant.parse(isoDate) : Instant.parse(isoDate + "T00:00:00Z");
  }
}
