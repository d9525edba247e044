package io.cleanroom.crypto.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.KeyAccess;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReceiptSigningKeyTest {

  private static final byte[] MESSAGE = "a tree head".getBytes(StandardCharsets.UTF_8);

  @Test
  void aStoredPairSignsAsTheOriginal() {
    try (ReceiptSigningKey key = ReceiptSigningKey.generate();
        ReceiptSigningKey again =
            ReceiptSigningKey.fromEncoded(
                key.encodedPrivateKey(KeyAccess.rawKeyMaterial()),
                key.publicKey(),
                KeyAccess.rawKeyMaterial())) {
      assertThat(again.publicKey()).isEqualTo(key.publicKey());
      assertThat(ReceiptSigningKey.verify(key.publicKey(), MESSAGE, again.sign(MESSAGE))).isTrue();
      assertThat(again.toString()).doesNotContain("PRIVATE");
    }
  }

  @Test
  void aPrivateKeyWithAnotherPublicKeyOrGarbageIsRefused() {
    try (ReceiptSigningKey a = ReceiptSigningKey.generate();
        ReceiptSigningKey b = ReceiptSigningKey.generate()) {
      byte[] pkcs8 = a.encodedPrivateKey(KeyAccess.rawKeyMaterial());
      assertThatThrownBy(
              () -> ReceiptSigningKey.fromEncoded(pkcs8, b.publicKey(), KeyAccess.rawKeyMaterial()))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("does not belong");
      assertThatThrownBy(
              () ->
                  ReceiptSigningKey.fromEncoded(
                      new byte[48], a.publicKey(), KeyAccess.rawKeyMaterial()))
          .hasMessageContaining("not an Ed25519 private key");
      assertThatThrownBy(
              () -> ReceiptSigningKey.fromEncoded(pkcs8, new byte[31], KeyAccess.rawKeyMaterial()))
          .hasMessageContaining("not an Ed25519 public key");
      a.close();
      assertThatThrownBy(() -> a.encodedPrivateKey(KeyAccess.rawKeyMaterial()))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
