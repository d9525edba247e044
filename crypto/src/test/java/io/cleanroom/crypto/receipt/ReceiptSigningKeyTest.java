package io.cleanroom.crypto.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.KeyAccess;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ReceiptSigningKeyTest {

  private static final byte[] MESSAGE = "a log entry".getBytes(StandardCharsets.UTF_8);

  @Test
  void aKeyRestoredFromItsPrivateBytesIsTheSamePair() {
    try (ReceiptSigningKey key = ReceiptSigningKey.generate()) {
      byte[] seed = key.toBytes(KeyAccess.rawKeyMaterial());
      assertThat(seed).hasSize(ReceiptSigningKey.PRIVATE_KEY_BYTES);
      try (ReceiptSigningKey restored =
          ReceiptSigningKey.fromBytes(seed, KeyAccess.rawKeyMaterial())) {
        assertThat(restored.publicKey()).isEqualTo(key.publicKey());
        assertThat(ReceiptSigningKey.verify(key.publicKey(), MESSAGE, restored.sign(MESSAGE)))
            .isTrue();
        assertThat(restored.toBytes(KeyAccess.rawKeyMaterial())).isEqualTo(seed);
      }
    }
  }

  @Test
  void signaturesVerifyWithTheJdksEd25519() {
    try (ReceiptSigningKey key = ReceiptSigningKey.generate()) {
      byte[] signature = key.sign(MESSAGE);
      assertThat(ReceiptSigningKey.verify(key.publicKey(), MESSAGE, signature)).isTrue();
      signature[0] ^= 1;
      assertThat(ReceiptSigningKey.verify(key.publicKey(), MESSAGE, signature)).isFalse();
    }
  }

  @Test
  void derivesThePublicKeyOfRfc8032TestVector1() {
    // RFC 8032 section 7.1, TEST 1: the secret key and its public key.
    HexFormat hex = HexFormat.of();
    byte[] seed = hex.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    try (ReceiptSigningKey key = ReceiptSigningKey.fromBytes(seed, KeyAccess.rawKeyMaterial())) {
      assertThat(hex.formatHex(key.publicKey()))
          .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
      // The empty message's signature from the same vector.
      assertThat(hex.formatHex(key.sign(new byte[0])))
          .isEqualTo(
              "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                  + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    }
  }

  @Test
  void refusesPrivateKeysOfTheWrongLengthAndClosedKeys() {
    assertThatThrownBy(() -> ReceiptSigningKey.fromBytes(new byte[31], KeyAccess.rawKeyMaterial()))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("32 bytes");
    ReceiptSigningKey key = ReceiptSigningKey.generate();
    key.close();
    assertThatThrownBy(() -> key.toBytes(KeyAccess.rawKeyMaterial()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> key.sign(MESSAGE)).isInstanceOf(IllegalStateException.class);
  }
}
