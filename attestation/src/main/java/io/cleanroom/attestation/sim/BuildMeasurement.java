package io.cleanroom.attestation.sim;

import io.cleanroom.attestation.AttestationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The simulated TEE's measurement of an enclave build: SHA-384 over its artifacts, sorted by file
 * name, each contributing {@code name || 0x00 || SHA-384(content)}. Renaming, changing, adding or
 * removing an artifact changes the measurement; their order on the command line does not.
 */
public final class BuildMeasurement {

  private BuildMeasurement() {}

  /** The 48-byte measurement of the given artifact files. */
  public static byte[] of(List<Path> artifacts) {
    if (artifacts.isEmpty()) {
      throw new AttestationException(
          AttestationException.Code.SIMULATOR, "a build measurement needs at least one artifact");
    }
    List<Path> sorted = new ArrayList<>(artifacts);
    sorted.sort(Comparator.comparing(p -> p.getFileName().toString()));
    MessageDigest outer = sha384();
    for (Path p : sorted) {
      outer.update(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      outer.update((byte) 0);
      outer.update(digest(p));
    }
    return outer.digest();
  }

  private static byte[] digest(Path file) {
    MessageDigest md = sha384();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        md.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new AttestationException(AttestationException.Code.IO, "cannot read " + file, e);
    }
    return md.digest();
  }

  private static MessageDigest sha384() {
    return io.cleanroom.crypto.json.Digests.newDigest("SHA-384");
  }
}
