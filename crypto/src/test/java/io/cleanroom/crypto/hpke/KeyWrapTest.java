package io.cleanroom.crypto.hpke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.Hex;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyWrapTest {

  private static final byte[] BINDING =
      "{\"contractHash\":\"c1\",\"nonce\":\"n1\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void opensWhatItSealedAsTheSameDatasetKey() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate();
        DatasetKey dek = DatasetKey.generate()) {
      byte[] sealed = KeyWrap.seal(pair.publicKey(), dek, BINDING);
      assertThat(sealed).hasSize(KeyWrap.SEALED_BYTES);
      try (DatasetKey opened = KeyWrap.open(pair, sealed, BINDING)) {
        assertThat(opened.keyId()).isEqualTo(dek.keyId());
        assertThat(opened.toBytes(KeyAccess.rawKeyMaterial()))
            .isEqualTo(dek.toBytes(KeyAccess.rawKeyMaterial()));
      }
    }
  }

  @Test
  void sealsRawBytesAndEmptyAssociatedDataToo() {
    byte[] raw = new byte[32];
    Arrays.fill(raw, (byte) 7);
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate()) {
      byte[] sealed = KeyWrap.seal(pair.publicKey(), raw, new byte[0]);
      try (DatasetKey opened = KeyWrap.open(pair, sealed, new byte[0])) {
        assertThat(opened.toBytes(KeyAccess.rawKeyMaterial())).isEqualTo(raw);
      }
    }
  }

  @Test
  void bindsLargeAssociatedData() {
    byte[] large = new byte[1 << 16];
    Arrays.fill(large, (byte) 'x');
    byte[] changedAtTheEnd = large.clone();
    changedAtTheEnd[large.length - 1] = 'y';
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate();
        DatasetKey dek = DatasetKey.generate()) {
      byte[] sealed = KeyWrap.seal(pair.publicKey(), dek, large);
      try (DatasetKey opened = KeyWrap.open(pair, sealed, large)) {
        assertThat(opened.keyId()).isEqualTo(dek.keyId());
      }
      assertOpenFails(() -> KeyWrap.open(pair, sealed, changedAtTheEnd));
    }
  }

  @Test
  void drawsAFreshEphemeralKeyForEverySeal() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate();
        DatasetKey dek = DatasetKey.generate()) {
      byte[] a = KeyWrap.seal(pair.publicKey(), dek, BINDING);
      byte[] b = KeyWrap.seal(pair.publicKey(), dek, BINDING);
      assertThat(Arrays.copyOf(a, 32)).isNotEqualTo(Arrays.copyOf(b, 32));
      assertThat(Arrays.copyOfRange(a, 32, 80)).isNotEqualTo(Arrays.copyOfRange(b, 32, 80));
    }
  }

  @Test
  void refusesToSealAKeyOfTheWrongLength() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate()) {
      for (int length : new int[] {0, 16, 31, 33}) {
        assertThatThrownBy(() -> KeyWrap.seal(pair.publicKey(), new byte[length], BINDING))
            .isInstanceOf(CryptoException.class);
      }
    }
  }

  @Test
  void refusesAnotherEnclavesPrivateKey() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate();
        EnclaveKeyPair other = EnclaveKeyPair.generate();
        DatasetKey dek = DatasetKey.generate()) {
      byte[] sealed = KeyWrap.seal(pair.publicKey(), dek, BINDING);
      assertOpenFails(() -> KeyWrap.open(other, sealed, BINDING));
    }
  }

  @Test
  void refusesEveryFlippedBitInEncCiphertextAndTag() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate();
        DatasetKey dek = DatasetKey.generate()) {
      byte[] sealed = KeyWrap.seal(pair.publicKey(), dek, BINDING);
      for (int bit = 0; bit < sealed.length * 8; bit++) {
        byte[] tampered = sealed.clone();
        tampered[bit / 8] ^= (byte) (1 << (bit % 8));
        assertOpenFails(() -> KeyWrap.open(pair, tampered, BINDING));
      }
    }
  }

  @Test
  void refusesOtherAssociatedData() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate();
        DatasetKey dek = DatasetKey.generate()) {
      byte[] sealed = KeyWrap.seal(pair.publicKey(), dek, BINDING);
      byte[] flipped = BINDING.clone();
      flipped[3] ^= 1;
      byte[][] others = {
        new byte[0],
        flipped,
        Arrays.copyOf(BINDING, BINDING.length - 1),
        Arrays.copyOf(BINDING, BINDING.length + 1)
      };
      for (byte[] other : others) {
        assertOpenFails(() -> KeyWrap.open(pair, sealed, other));
      }
    }
  }

  @Test
  void refusesTruncatedOrExtendedInput() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate();
        DatasetKey dek = DatasetKey.generate()) {
      byte[] sealed = KeyWrap.seal(pair.publicKey(), dek, BINDING);
      for (int length = 0; length < sealed.length; length++) {
        byte[] truncated = Arrays.copyOf(sealed, length);
        assertOpenFails(() -> KeyWrap.open(pair, truncated, BINDING));
      }
      assertOpenFails(() -> KeyWrap.open(pair, Arrays.copyOf(sealed, 81), BINDING));
      assertOpenFails(
          () -> KeyWrap.open(pair, Arrays.copyOfRange(sealed, 32, sealed.length), BINDING));
    }
  }

  @Test
  void aClosedKeyPairRefusesToOpenOrExposeItsPrivateKey() {
    EnclaveKeyPair pair = EnclaveKeyPair.generate();
    byte[] sealed;
    try (DatasetKey dek = DatasetKey.generate()) {
      sealed = KeyWrap.seal(pair.publicKey(), dek, BINDING);
    }
    pair.close();
    assertThatThrownBy(() -> KeyWrap.open(pair, sealed, BINDING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> pair.privateKeyBytes(KeyAccess.rawKeyMaterial()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(pair.publicKey().toBytes()).hasSize(32);
  }

  @Test
  void closingWipesThePrivateKeyBytes() throws Exception {
    EnclaveKeyPair pair = EnclaveKeyPair.generate();
    java.lang.reflect.Field field = EnclaveKeyPair.class.getDeclaredField("privateKey");
    field.setAccessible(true);
    byte[] inside = (byte[]) field.get(pair);
    assertThat(inside).isNotEqualTo(new byte[32]);
    pair.close();
    assertThat(inside).isEqualTo(new byte[32]);
  }

  @Test
  void rebuildsAKeyPairFromItsPrivateKey() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate();
        EnclaveKeyPair copy =
            EnclaveKeyPair.fromPrivateKey(
                pair.privateKeyBytes(KeyAccess.rawKeyMaterial()), KeyAccess.rawKeyMaterial());
        DatasetKey dek = DatasetKey.generate()) {
      assertThat(copy.publicKey()).isEqualTo(pair.publicKey());
      try (DatasetKey opened =
          KeyWrap.open(copy, KeyWrap.seal(pair.publicKey(), dek, BINDING), BINDING)) {
        assertThat(opened.keyId()).isEqualTo(dek.keyId());
      }
    }
  }

  @Test
  void neverPutsKeyBytesInMessagesOrToString() {
    try (EnclaveKeyPair pair = EnclaveKeyPair.generate();
        EnclaveKeyPair other = EnclaveKeyPair.generate();
        DatasetKey dek = DatasetKey.generate()) {
      byte[] sealed = KeyWrap.seal(pair.publicKey(), dek, BINDING);
      List<String> texts = new ArrayList<>();
      texts.add(pair.toString());
      texts.add(other.toString());
      byte[] tampered = sealed.clone();
      tampered[40] ^= 1;
      List<Runnable> failures =
          List.of(
              () -> KeyWrap.open(other, sealed, BINDING),
              () -> KeyWrap.open(pair, tampered, BINDING),
              () -> KeyWrap.open(pair, sealed, new byte[] {1}),
              () -> KeyWrap.open(pair, Arrays.copyOf(sealed, 79), BINDING),
              () -> KeyWrap.seal(pair.publicKey(), new byte[31], BINDING),
              () -> EnclavePublicKey.fromBytes(Arrays.copyOf(sealed, 33)));
      for (Runnable failure : failures) {
        try {
          failure.run();
          throw new AssertionError("expected a refusal");
        } catch (CryptoException e) {
          for (Throwable t = e; t != null; t = t.getCause()) {
            texts.add(String.valueOf(t.getMessage()));
          }
        }
      }
      List<byte[]> secrets =
          List.of(
              dek.toBytes(KeyAccess.rawKeyMaterial()),
              pair.privateKeyBytes(KeyAccess.rawKeyMaterial()),
              other.privateKeyBytes(KeyAccess.rawKeyMaterial()));
      for (String text : texts) {
        for (byte[] secret : secrets) {
          assertThat(text.toLowerCase(java.util.Locale.ROOT))
              .doesNotContain(Hex.encode(secret).substring(0, 16));
          assertThat(text)
              .doesNotContain(Base64.getEncoder().encodeToString(secret).substring(0, 12))
              .doesNotContain(Base64.getUrlEncoder().encodeToString(secret).substring(0, 12));
        }
      }
    }
  }

  private static void assertOpenFails(Runnable open) {
    assertThatThrownBy(open::run)
        .isInstanceOf(CryptoException.class)
        .hasMessage("the sealed dataset key does not open")
        .hasNoCause()
        .extracting(e -> ((CryptoException) e).code())
        .isEqualTo(CryptoException.Code.HPKE_OPEN_FAILED);
  }
}
