package io.cleanroom.testing.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakDistributionTest {

  @TempDir Path dir;

  @Test
  void unpacksWithoutTopFolderAndMakesScriptsExecutable() throws IOException {
    Path zip =
        zip("kc.zip", Map.of("keycloak-1/bin/kc.sh", "#!/bin/sh", "keycloak-1/version.txt", "1"));

    Path home = KeycloakDistribution.unpack(zip, dir.resolve("home"));

    assertThat(home.resolve("version.txt")).hasContent("1");
    assertThat(Files.isExecutable(home.resolve("bin/kc.sh"))).isTrue();
  }

  @Test
  void reusesCompleteCopyOfSameZip() throws IOException {
    Path zip = zip("kc.zip", Map.of("keycloak-1/version.txt", "1"));
    Path home = KeycloakDistribution.unpack(zip, dir.resolve("home"));
    Files.writeString(home.resolve("version.txt"), "changed by a previous run");

    KeycloakDistribution.unpack(zip, home);

    assertThat(home.resolve("version.txt")).hasContent("changed by a previous run");
  }

  @Test
  void unpacksAgainAfterAnInterruptedUnpack() throws IOException {
    Path zip = zip("kc.zip", Map.of("keycloak-1/version.txt", "1"));
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(home.resolve("partial.jar"), "half");

    KeycloakDistribution.unpack(zip, home);

    assertThat(home.resolve("partial.jar")).doesNotExist();
    assertThat(home.resolve("version.txt")).hasContent("1");
  }

  @Test
  void rejectsEntryEscapingTheFolder() throws IOException {
    Path zip = zip("evil.zip", Map.of("keycloak-1/../../outside.txt", "x"));

    assertThatThrownBy(() -> KeycloakDistribution.unpack(zip, dir.resolve("home")))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("zip entry escapes the target folder: keycloak-1/../../outside.txt");
    assertThat(dir.resolve("outside.txt")).doesNotExist();
  }

  @Test
  void namesMavenCoordinatesWhenZipIsMissing() {
    String previous = System.getProperty(KeycloakDistribution.DIST_PROPERTY);
    System.setProperty(KeycloakDistribution.DIST_PROPERTY, dir.resolve("absent.zip").toString());
    try {
      assertThatThrownBy(KeycloakDistribution::zip)
          .hasMessageContaining("org.keycloak:keycloak-quarkus-dist:26.7.3:zip");
    } finally {
      if (previous == null) {
        System.clearProperty(KeycloakDistribution.DIST_PROPERTY);
      } else {
        System.setProperty(KeycloakDistribution.DIST_PROPERTY, previous);
      }
    }
  }

  private Path zip(String name, Map<String, String> entries) throws IOException {
    Path zip = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return zip;
  }
}
