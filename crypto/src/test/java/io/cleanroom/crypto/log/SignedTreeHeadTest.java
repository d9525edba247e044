package io.cleanroom.crypto.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignedTreeHeadTest {

  private static TreeHead head() {
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < 7; i++) {
      tree.append(("leaf " + i).getBytes(StandardCharsets.UTF_8));
    }
    return tree.head(Instant.parse("2026-12-07T10:15:30.123Z"));
  }

  @Test
  void aSignedHeadReadsBackWithItsLogAndKey() {
    try (ReceiptSigningKey key = ReceiptSigningKey.generate()) {
      byte[] signed = SignedTreeHead.sign("collab-1", head(), key);
      SignedTreeHead sth = SignedTreeHead.verify(signed);
      assertThat(sth.logId()).isEqualTo("collab-1");
      assertThat(sth.head()).isEqualTo(head());
      assertThat(sth.signingKey()).isEqualTo(key.publicKey());
      assertThat(SignedTreeHead.verify(signed)).isEqualTo(sth).hasSameHashCodeAs(sth);
      assertThat(SignedTreeHead.verify(SignedTreeHead.sign("collab-2", head(), key)))
          .isNotEqualTo(sth);
      assertThat(new String(signed, StandardCharsets.UTF_8))
          .contains("\"format\":\"" + SignedTreeHead.FORMAT + "\"");
    }
  }

  @Test
  void everyBitFlipIsRefused() {
    try (ReceiptSigningKey key = ReceiptSigningKey.generate()) {
      byte[] signed = SignedTreeHead.sign("collab-1", head(), key);
      for (int i = 0; i < signed.length; i++) {
        for (int bit = 0; bit < 8; bit++) {
          byte[] t = signed.clone();
          t[i] ^= (byte) (1 << bit);
          assertThatThrownBy(() -> SignedTreeHead.verify(t))
              .as("byte %d bit %d", i, bit)
              .isInstanceOf(CryptoException.class);
        }
      }
    }
  }

  @Test
  void anotherLogsHeadOrALogEntryDoesNotPassAsThisHead() {
    try (ReceiptSigningKey key = ReceiptSigningKey.generate()) {
      ObjectNode forged = (ObjectNode) CanonicalJson.parse(SignedTreeHead.sign("a", head(), key));
      ((ObjectNode) forged.get("head")).put("logId", "b");
      assertThatThrownBy(() -> SignedTreeHead.verify(CanonicalJson.toBytes(forged)))
          .hasMessageContaining("signature does not verify");

      ObjectNode body = CanonicalJson.mapper().createObjectNode();
      body.put("logId", "a");
      byte[] entry = LogEntries.PORTAL.sign(body, key);
      assertThatThrownBy(() -> SignedTreeHead.verify(entry))
          .hasMessageContaining("not a signed tree head");
    }
  }
}
