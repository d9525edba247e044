package io.cleanroom.attestation.collect;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.TdxEvidence;
import io.cleanroom.attestation.snp.AuxBlob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Collects SEV-SNP or TDX evidence through Linux's configfs-tsm interface (kernel 6.7+): make a
 * report directory, write {@code inblob}, read {@code outblob}, {@code auxblob} (SNP certificate
 * table, when the host provides one) and {@code provider} ({@code sev_guest} or {@code tdx_guest},
 * which selects the TEE type), and check that {@code generation} did not change meanwhile (another
 * writer raced us). Plain file I/O, no JNI.
 */
public final class ConfigfsTsmCollector implements Collector {

  /** Where the kernel exposes configfs-tsm reports. */
  public static final Path DEFAULT_ROOT = Path.of("/sys/kernel/config/tsm/report");

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;
  private final Supplier<String> entryNames;
  private final Runnable afterOutblob;

  /** A collector over a configfs-tsm report directory. */
  public ConfigfsTsmCollector(Path root) {
    this(root, ConfigfsTsmCollector::randomName, () -> {});
  }

  /**
   * For tests against a fake tree: the entry names to use (the test prepares what the kernel would
   * fill in) and a hook run between reading outblob and re-reading generation.
   */
  ConfigfsTsmCollector(Path root, Supplier<String> entryNames, Runnable afterOutblob) {
    this.root = root;
    this.entryNames = entryNames;
    this.afterOutblob = afterOutblob;
  }

  private static String randomName() {
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    return "cleanroom-" + HexFormat.of().formatHex(id);
  }

  /** True when the directory exists and can take new report entries. */
  public static boolean available(Path root) {
    return Files.isDirectory(root) && Files.isWritable(root);
  }

  @Override
  public String name() {
    return "configfs-tsm";
  }

  @Override
  public Evidence collect(byte[] reportData) {
    if (reportData.length != 64) {
      throw new AttestationException(
          AttestationException.Code.COLLECTOR_UNAVAILABLE, "report data must be 64 bytes");
    }
    Path entry = root.resolve(entryNames.get());
    try {
      Files.createDirectories(entry);
      try {
        return read(entry, reportData);
      } finally {
        remove(entry);
      }
    } catch (IOException e) {
      throw new AttestationException(
          AttestationException.Code.COLLECTOR_UNAVAILABLE,
          "configfs-tsm at " + root + " failed: " + e.getMessage(),
          e);
    }
  }

  private Evidence read(Path entry, byte[] reportData) throws IOException {
    Files.write(entry.resolve("inblob"), reportData);
    String generation = readText(entry.resolve("generation"));
    byte[] outblob = Files.readAllBytes(entry.resolve("outblob"));
    Path aux = entry.resolve("auxblob");
    Optional<byte[]> auxblob =
        Files.exists(aux) ? Optional.of(Files.readAllBytes(aux)) : Optional.empty();
    String provider = readText(entry.resolve("provider"));
    afterOutblob.run();
    if (!generation.equals(readText(entry.resolve("generation")))) {
      throw new AttestationException(
          AttestationException.Code.COLLECTOR_UNAVAILABLE,
          "configfs-tsm report " + entry.getFileName() + " was rewritten while being read");
    }
    return switch (provider) {
      case "sev_guest" ->
          new SnpEvidence(
              outblob,
              auxblob
                  .filter(a -> a.length > 0)
                  .map(a -> AuxBlob.parse(a).stream().map(AuxBlob.Entry::data).toList())
                  .orElse(List.of()));
      case "tdx_guest" -> new TdxEvidence(outblob, Optional.empty());
      default ->
          throw new AttestationException(
              AttestationException.Code.UNSUPPORTED_TEE,
              "configfs-tsm provider '" + provider + "' is not supported");
    };
  }

  private static String readText(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.US_ASCII).strip();
  }

  private static void remove(Path entry) {
    try {
      // On configfs, rmdir removes the entry with its attribute files.
      Files.deleteIfExists(entry);
    } catch (DirectoryNotEmptyException notConfigfs) {
      // A plain directory (not configfs) keeps its files; nothing else to clean up.
    } catch (IOException e) {
      // Best effort: a leftover entry holds no secret (report data is public).
    }
  }
}
