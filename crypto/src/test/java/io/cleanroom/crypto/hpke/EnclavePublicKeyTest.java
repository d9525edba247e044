package io.cleanroom.crypto.hpke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.CryptoException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EnclavePublicKeyTest {

  @Test
  void roundTripsThroughRawBytesAndBase64Url() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate()) {
      EnclavePublicKey key = pair.publicKey();
      assertThat(key.toBytes()).hasSize(32);
      assertThat(key.toBase64Url()).hasSize(43).doesNotContain("=", "+", "/");
      assertThat(EnclavePublicKey.fromBytes(key.toBytes())).isEqualTo(key);
      assertThat(EnclavePublicKey.fromBase64Url(key.toBase64Url())).isEqualTo(key);
      assertThat(EnclavePublicKey.fromBase64Url(key.toBase64Url()).hashCode())
          .isEqualTo(key.hashCode());
    }
  }

  @Test
  void copiesItsBytesInAndOut() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate()) {
      byte[] raw = pair.publicKey().toBytes();
      EnclavePublicKey key = EnclavePublicKey.fromBytes(raw);
      raw[0] ^= 1;
      key.toBytes()[1] ^= 1;
      assertThat(key).isEqualTo(pair.publicKey());
    }
  }

  @Test
  void refusesWrongLengths() {
    for (int length : new int[] {0, 1, 31, 33, 64}) {
      assertThatThrownBy(() -> EnclavePublicKey.fromBytes(new byte[length]))
          .isInstanceOf(CryptoException.class)
          .extracting(e -> ((CryptoException) e).code())
          .isEqualTo(CryptoException.Code.MALFORMED_KEY);
    }
  }

  @Test
  void refusesBase64UrlOfTheWrongLengthPaddedOrOfAnotherAlphabet() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate()) {
      String good = pair.publicKey().toBase64Url();
      String[] bad = {
        "",
        good.substring(1),
        good + "A",
        good + "=",
        Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[31]),
        Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[33]),
        "+" + good.substring(1),
        "/" + good.substring(1),
        "!" + good.substring(1)
      };
      for (String s : bad) {
        assertThatThrownBy(() -> EnclavePublicKey.fromBase64Url(s))
            .as(s)
            .isInstanceOf(CryptoException.class);
      }
    }
  }

  @Test
  void refusesNonCanonicalBase64UrlTrailingBits() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate()) {
      String good = pair.publicKey().toBase64Url();
      // The last of 43 characters carries 4 bits of data and 2 padding bits that must be zero.
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      int last = alphabet.indexOf(good.charAt(42));
      String altered = good.substring(0, 42) + alphabet.charAt(last ^ 1);
      assertThatThrownBy(() -> EnclavePublicKey.fromBase64Url(altered))
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void refusesSmallOrderPoints() {
    byte[] one = new byte[32];
    one[0] = 1;
    for (byte[] point : new byte[][] {new byte[32], one}) {
      assertThatThrownBy(() -> EnclavePublicKey.fromBytes(point))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("small-order");
    }
  }

  @Test
  void showsOnlyThePublicKeyInToString() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate()) {
      assertThat(pair.publicKey().toString()).contains(pair.publicKey().toBase64Url());
    }
  }
}
