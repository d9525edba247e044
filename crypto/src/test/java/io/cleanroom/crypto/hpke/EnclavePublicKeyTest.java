package io.cleanroom.crypto.hpke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.X25519;
import io.cleanroom.crypto.CryptoException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
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

  /**
   * The small-order list agrees with Tink's X25519, which refuses exactly these u-coordinates:
   * every listed point (with and without the ignored top bit) is refused by both, and so is nothing
   * else among many random keys.
   */
  @Test
  void smallOrderListAgreesWithTinksX25519() throws Exception {
    byte[] scalar = X25519.generatePrivateKey();
    String[] listed = {
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0100000000000000000000000000000000000000000000000000000000000000",
      "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
      "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
    };
    for (String hex : listed) {
      for (int topBit : new int[] {0, 0x80}) {
        byte[] point = HexFormat.of().parseHex(hex);
        point[31] |= (byte) topBit;
        assertThatThrownBy(() -> X25519.computeSharedSecret(scalar, point))
            .as("Tink refuses " + hex)
            .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> EnclavePublicKey.fromBytes(point))
            .as(hex)
            .hasMessageContaining("small-order");
      }
    }
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 2000; i++) {
      byte[] point = new byte[32];
      random.nextBytes(point);
      assertThat(X25519.computeSharedSecret(scalar, point)).hasSize(32);
      assertThat(EnclavePublicKey.fromBytes(point).toBytes()).isEqualTo(point);
    }
  }

  @Test
  void showsOnlyThePublicKeyInToString() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate()) {
      assertThat(pair.publicKey().toString()).contains(pair.publicKey().toBase64Url());
    }
  }
}
