package io.cleanroom.crypto.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrustedLogKeysTest {

  @Test
  void readsEachSignersKeysAndAMissingMemberIsNotPinned() {
    try (ReceiptSigningKey portal = ReceiptSigningKey.generate();
        ReceiptSigningKey other = ReceiptSigningKey.generate()) {
      String p = TrustedLogKeys.encode(portal.publicKey());
      TrustedLogKeys keys = read("{\"portal\": [\"" + p + "\"],\n \"broker\": []}");
      assertThat(keys.portal()).containsExactly(p);
      assertThat(keys.pinned("portal")).isTrue();
      assertThat(keys.pinned("broker")).isFalse();
      assertThat(keys.pinned("enclave")).isFalse();
      assertThat(keys.accepts("portal", portal.publicKey())).isTrue();
      assertThat(keys.accepts("portal", other.publicKey())).isFalse();
      assertThat(keys.accepts("enclave", other.publicKey())).isTrue();
    }
  }

  @Test
  void refusesUnknownMembersAndKeysThatAreNotThirtyTwoBytesOfBase64Url() {
    String key = TrustedLogKeys.encode(new byte[32]);
    for (String bad :
        new String[] {
          "{\"enclaves\":[\"" + key + "\"]}",
          "{\"portal\":\"" + key + "\"}",
          "{\"portal\":[1]}",
          "{\"portal\":[\"" + key + "=\"]}",
          "{\"portal\":[\"" + key.substring(1) + "\"]}",
          "{\"portal\":[\"" + key.replace('A', '+') + "\"]}",
          "[]",
          "not json"
        }) {
      assertThatThrownBy(() -> read(bad))
          .as(bad)
          .isInstanceOf(CryptoException.class)
          .extracting(e -> ((CryptoException) e).code())
          .isEqualTo(CryptoException.Code.MALFORMED_KEY);
    }
  }

  @Test
  void noneIsNotPinnedForAnySigner() {
    for (String s : TrustedLogKeys.SIGNERS) {
      assertThat(TrustedLogKeys.none().pinned(s)).isFalse();
    }
  }

  private static TrustedLogKeys read(String json) {
    return TrustedLogKeys.fromJson(json.getBytes(StandardCharsets.UTF_8));
  }
}
