package io.cleanroom.crypto.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.KeyAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetKeyFileTest {

  @TempDir Path dir;

  @Test
  void roundTripsAKeyInAnOwnerOnlyFile() throws Exception {
    Path file = dir.resolve("visits.key");
    try (DatasetKey key = DatasetKey.generate()) {
      DatasetKeyFile.write(file, key);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      try (DatasetKey read = DatasetKeyFile.read(file)) {
        assertThat(read.keyId()).isEqualTo(key.keyId());
        assertThat(read.toBytes(KeyAccess.rawKeyMaterial()))
            .isEqualTo(key.toBytes(KeyAccess.rawKeyMaterial()));
      }
    }
  }

  @Test
  void refusesToOverwriteAnExistingKeyFile() throws Exception {
    Path file = dir.resolve("k.key");
    Files.writeString(file, "precious");
    try (DatasetKey key = DatasetKey.generate()) {
      assertThatThrownBy(() -> DatasetKeyFile.write(file, key))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("already exists");
    }
    assertThat(Files.readString(file)).isEqualTo("precious");
  }

  @Test
  void refusesAKeyFileWhoseKeyDoesNotMatchItsId() throws Exception {
    Path file = dir.resolve("k.key");
    try (DatasetKey key = DatasetKey.generate()) {
      DatasetKeyFile.write(file, key);
    }
    String json = Files.readString(file);
    String keyValue = json.replaceAll(".*\"key\":\"([^\"]+)\".*\\s*", "$1");
    char c = keyValue.charAt(5);
    Files.writeString(
        file,
        json.replace(
            keyValue, keyValue.substring(0, 5) + (c == 'A' ? 'B' : 'A') + keyValue.substring(6)));
    assertThatThrownBy(() -> DatasetKeyFile.read(file))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void refusesFilesThatAreNotKeyFilesWithoutEchoingTheirContent() throws Exception {
    Path file = dir.resolve("k.key");
    Files.write(file, "{\"secret-canary-7731\": ".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> DatasetKeyFile.read(file))
        .isInstanceOf(CryptoException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-canary-7731"));
    Files.writeString(file, "{\"type\":\"something-else\"}");
    assertThatThrownBy(() -> DatasetKeyFile.read(file))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("not a");
  }

  @Test
  void neverShowsTheKeyAndIsUnusableAfterClose() {
    DatasetKey key = DatasetKey.generate();
    String hex = io.cleanroom.crypto.json.Digests.hex(key.toBytes(KeyAccess.rawKeyMaterial()));
    assertThat(key.toString()).doesNotContain(hex).contains(key.keyId());
    key.close();
    assertThatThrownBy(() -> key.toBytes(KeyAccess.rawKeyMaterial()))
        .isInstanceOf(IllegalStateException.class);
  }
}
