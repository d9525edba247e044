package io.cleanroom.testing.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The Keycloak distribution zip and its unpacked copy in a working directory. The copy is made once
 * and reused: a marker file written last names the zip it came from, so an interrupted unpack or a
 * different zip is unpacked again from scratch.
 */
final class KeycloakDistribution {

  /** Maven coordinates of the distribution this project pins. */
  static final String COORDINATES = "org.keycloak:keycloak-quarkus-dist:26.7.3:zip";

  /** System property naming the distribution zip; defaults to the local Maven repository. */
  static final String DIST_PROPERTY = "keycloak.dist";

  private static final String MARKER = ".cleanroom-unpacked";

  private KeycloakDistribution() {}

  /** The zip named by {@code keycloak.dist}, else the one in {@code ~/.m2}; fails if absent. */
  static Path zip() {
    String configured = System.getProperty(DIST_PROPERTY);
    Path zip =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(
                System.getProperty("user.home"),
                ".m2/repository/org/keycloak/keycloak-quarkus-dist/26.7.3",
                "keycloak-quarkus-dist-26.7.3.zip");
    if (!Files.isRegularFile(zip)) {
      throw new IllegalStateException(
          "Keycloak distribution not found at "
              + zip
              + ": fetch "
              + COORDINATES
              + " (e.g. ./mvnw dependency:get -Dartifact="
              + COORDINATES
              + ") or set -D"
              + DIST_PROPERTY
              + "=<path to the zip>");
    }
    return zip;
  }

  /**
   * Unpacks {@code zip} into {@code home} (its top-level folder stripped) unless a complete copy of
   * the same zip is already there; returns {@code home}.
   */
  static Path unpack(Path zip, Path target) {
    Path home = target.toAbsolutePath().normalize();
    try {
      String identity = zip.toAbsolutePath() + " " + Files.size(zip);
      Path marker = home.resolve(MARKER);
      if (Files.isRegularFile(marker)
          && Files.readString(marker, StandardCharsets.UTF_8).equals(identity)) {
        return home;
      }
      deleteRecursively(home);
      Files.createDirectories(home);
      try (InputStream in = Files.newInputStream(zip);
          ZipInputStream entries = new ZipInputStream(in)) {
        for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
          extract(entry, entries, home);
        }
      }
      Files.writeString(marker, identity, StandardCharsets.UTF_8);
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + zip + " into " + home, e);
    }
  }

  private static void extract(ZipEntry entry, InputStream data, Path home) throws IOException {
    String name = entry.getName();
    int slash = name.indexOf('/');
    String relative = slash < 0 ? "" : name.substring(slash + 1);
    if (relative.isEmpty()) {
      return;
    }
    Path target = home.resolve(relative).normalize();
    if (!target.startsWith(home)) {
      throw new IOException("zip entry escapes the target folder: " + name);
    }
    if (entry.isDirectory()) {
      Files.createDirectories(target);
      return;
    }
    Files.createDirectories(target.getParent());
    Files.copy(data, target);
    if (relative.endsWith(".sh")) {
      target.toFile().setExecutable(true);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
