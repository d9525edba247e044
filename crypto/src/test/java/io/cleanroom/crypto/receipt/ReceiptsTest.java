package io.cleanroom.crypto.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.hpke.EnclaveKeyPair;
import io.cleanroom.crypto.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReceiptsTest {

  private final ReceiptSigningKey key = ReceiptSigningKey.generate();

  @AfterEach
  void close() {
    key.close();
  }

  private static ObjectNode body() {
    ObjectNode b = CanonicalJson.mapper().createObjectNode();
    b.put("contractHash", "ab".repeat(32));
    b.put("outputDigest", "cd".repeat(32));
    b.put("suppressedGroups", 3);
    b.put("simulated", true);
    b.putArray("inputs").addObject().put("datasetId", "visits").put("sealedDigest", "ef");
    return b;
  }

  @Test
  void aSignedReceiptVerifiesOfflineAndNamesItsKeyAndFormat() {
    byte[] signed = Receipts.sign(body(), key);

    VerifiedReceipt r = Receipts.verify(signed, key.publicKey());

    assertThat(r.receipt().get("format").asText()).isEqualTo(Receipts.FORMAT);
    assertThat(r.receipt().get("signingKey").asText()).isEqualTo(key.publicKeyBase64Url());
    assertThat(r.receipt().get("suppressedGroups").asLong()).isEqualTo(3);
    assertThat(r.signingKey()).isEqualTo(key.publicKey());
  }

  @Test
  void refusesEveryReceiptWithOneByteChanged() {
    byte[] signed = Receipts.sign(body(), key);
    for (int i = 0; i < signed.length; i++) {
      for (int bit : new int[] {0x01, 0x20}) {
        byte[] t = signed.clone();
        t[i] ^= (byte) bit;
        int at = i;
        assertThatThrownBy(() -> Receipts.verify(t))
            .as("byte %d ^ %x", at, bit)
            .isInstanceOf(CryptoException.class)
            .extracting(e -> ((CryptoException) e).code())
            .isEqualTo(CryptoException.Code.RECEIPT_INVALID);
      }
    }
  }

  @Test
  void refusesAReceiptReformattedOrSignedByAnotherKey() {
    byte[] signed = Receipts.sign(body(), key);
    byte[] pretty = CanonicalJson.parse(signed).toPrettyString().getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Receipts.verify(pretty)).hasMessageContaining("canonical");

    try (ReceiptSigningKey other = ReceiptSigningKey.generate()) {
      assertThatThrownBy(() -> Receipts.verify(signed, other.publicKey()))
          .hasMessageContaining("another key");
      ObjectNode doc = (ObjectNode) CanonicalJson.parse(signed);
      ((ObjectNode) doc.get("receipt")).put("signingKey", other.publicKeyBase64Url());
      assertThatThrownBy(() -> Receipts.verify(CanonicalJson.toBytes(doc)))
          .hasMessageContaining("does not verify");
    }
  }

  @Test
  void refusesASignatureOverAnotherKindOfObject() {
    ObjectNode other = CanonicalJson.mapper().createObjectNode();
    other.put("format", "cleanroom.tree-head.v1");
    other.put("signingKey", key.publicKeyBase64Url());
    ObjectNode doc = CanonicalJson.mapper().createObjectNode();
    doc.set("receipt", other);
    doc.put(
        "signature",
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(key.sign(CanonicalJson.toBytes(other))));

    assertThatThrownBy(() -> Receipts.verify(CanonicalJson.toBytes(doc)))
        .hasMessageContaining("unknown receipt format");
    assertThatThrownBy(() -> Receipts.sign(other, key))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClosedKeyNoLongerSigns() {
    key.close();

    assertThatThrownBy(() -> Receipts.sign(body(), key)).isInstanceOf(IllegalStateException.class);
    assertThat(key.toString()).contains(key.publicKeyBase64Url());
  }

  @Test
  void theIdentityBindingChangesWithEitherKey() {
    try (EnclaveKeyPair hpke = EnclaveKeyPair.generate();
        EnclaveKeyPair hpke2 = EnclaveKeyPair.generate();
        ReceiptSigningKey other = ReceiptSigningKey.generate()) {
      byte[] rd = EnclaveIdentityBinding.reportData(hpke.publicKey(), key.publicKey());

      assertThat(rd).hasSize(64);
      assertThat(EnclaveIdentityBinding.reportData(hpke.publicKey(), key.publicKey()))
          .isEqualTo(rd);
      assertThat(EnclaveIdentityBinding.reportData(hpke2.publicKey(), key.publicKey()))
          .isNotEqualTo(rd);
      assertThat(EnclaveIdentityBinding.reportData(hpke.publicKey(), other.publicKey()))
          .isNotEqualTo(rd);
    }
  }
}
