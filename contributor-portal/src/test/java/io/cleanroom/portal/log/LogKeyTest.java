package io.cleanroom.portal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogKeyTest {

  @TempDir Path dir;

  @Test
  void theKeyIsCreatedOwnerOnlyAndTheSameAfterARestart() throws Exception {
    Path file = dir.resolve("sub").resolve("log-signing.key");
    byte[] first;
    try (ReceiptSigningKey k = LogKey.loadOrCreate(file)) {
      first = k.publicKey();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (ReceiptSigningKey again = LogKey.loadOrCreate(file)) {
      assertThat(again.publicKey()).isEqualTo(first);
      byte[] msg = "head".getBytes(StandardCharsets.UTF_8);
      assertThat(ReceiptSigningKey.verify(first, msg, again.sign(msg))).isTrue();
    }
  }

  @Test
  void aDamagedOrMismatchedFileIsRefusedNotReplaced() throws Exception {
    Path file = dir.resolve("log-signing.key");
    LogKey.loadOrCreate(file).close();
    String good = Files.readString(file);
    try (ReceiptSigningKey other = ReceiptSigningKey.generate()) {
      String swapped =
          good.replaceFirst(
              "\"publicKey\":\"[^\"]+\"", "\"publicKey\":\"" + other.publicKeyBase64Url() + "\"");
      Files.writeString(file, swapped);
      assertThatThrownBy(() -> LogKey.loadOrCreate(file)).hasMessageContaining("damaged");
    }
    Files.writeString(file, "not json");
    assertThatThrownBy(() -> LogKey.loadOrCreate(file)).hasMessageContaining("damaged");
    assertThat(Files.readString(file)).isEqualTo("not json");
  }
}
