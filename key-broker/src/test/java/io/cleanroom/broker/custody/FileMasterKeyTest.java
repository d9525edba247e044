package io.cleanroom.broker.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMasterKeyTest {

  @TempDir Path dir;

  static final byte[] DEK = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  @Test
  void createsTheKeyFileOwnerOnlyAndReadsTheSameKeyBack() throws IOException {
    Path file = dir.resolve("sub/master.key");
    FileMasterKey a = FileMasterKey.loadOrCreate(file);

    assertThat(Files.size(file)).isEqualTo(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    FileMasterKey b = FileMasterKey.loadOrCreate(file);
    assertThat(b.id()).isEqualTo(a.id()).startsWith("file:");
    byte[] sealed = a.seal(DEK, aad("visits"));
    assertThat(b.open(sealed, aad("visits"))).isEqualTo(DEK);
    assertThat(a.toString())
        .doesNotContain(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
  }

  @Test
  void sealedRecordsAreBoundToTheirIdentityAndKey() {
    FileMasterKey k = FileMasterKey.loadOrCreate(dir.resolve("a.key"));
    FileMasterKey other = FileMasterKey.loadOrCreate(dir.resolve("b.key"));
    byte[] sealed = k.seal(DEK, aad("visits"));

    assertThat(k.seal(DEK, aad("visits"))).isNotEqualTo(sealed); // fresh IV every time
    assertThat(sealed).hasSize(1 + 12 + 32 + 16);
    assertThatThrownBy(() -> k.open(sealed, aad("accounts")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not open");
    assertThatThrownBy(() -> other.open(sealed, aad("visits")))
        .isInstanceOf(IllegalStateException.class);
    byte[] tampered = sealed.clone();
    tampered[20] ^= 1;
    assertThatThrownBy(() -> k.open(tampered, aad("visits")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> k.open(new byte[5], aad("visits")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void refusesAKeyFileOthersCanReadOrOfTheWrongSize() throws IOException {
    Path file = dir.resolve("master.key");
    FileMasterKey.loadOrCreate(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> FileMasterKey.loadOrCreate(file))
        .hasRootCauseMessage(
            "master key file " + file + " is readable by others (rw-r--r--); chmod 600 it");

    Path shortFile = dir.resolve("short.key");
    Files.write(shortFile, new byte[16]);
    Files.setPosixFilePermissions(shortFile, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> FileMasterKey.loadOrCreate(shortFile))
        .hasRootCauseMessage("master key file " + shortFile + " does not hold 32 bytes");
  }

  static byte[] aad(String dataset) {
    return KeyCustody.aad("hospital", dataset, "kid");
  }
}
