package io.cleanroom.crypto.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import org.junit.jupiter.api.Test;

class LogEntriesTest {

  private static ObjectNode body() {
    ObjectNode b = CanonicalJson.mapper().createObjectNode();
    b.put("event", "run.finished");
    b.put("runId", "r1");
    b.put("outputDigest", "cd".repeat(32));
    return b;
  }

  @Test
  void anEntryVerifiesWithItsKeyAndNoOther() {
    try (ReceiptSigningKey key = ReceiptSigningKey.generate();
        ReceiptSigningKey other = ReceiptSigningKey.generate()) {
      byte[] signed = LogEntries.sign(body(), key);
      VerifiedReceipt e = LogEntries.verify(signed, key.publicKey());
      assertThat(e.receipt().get("format").asText()).isEqualTo(LogEntries.FORMAT);
      assertThat(e.receipt().get("event").asText()).isEqualTo("run.finished");
      assertThatThrownBy(() -> LogEntries.verify(signed, other.publicKey()))
          .hasMessageContaining("another key");
      for (int i = 0; i < signed.length; i++) {
        byte[] t = signed.clone();
        t[i] ^= 0x01;
        assertThatThrownBy(() -> LogEntries.verify(t, key.publicKey()))
            .isInstanceOf(CryptoException.class);
      }
    }
  }

  @Test
  void entriesAndReceiptsCannotPassForEachOther() {
    try (ReceiptSigningKey key = ReceiptSigningKey.generate()) {
      byte[] entry = LogEntries.sign(body(), key);
      byte[] receipt = Receipts.sign(body(), key);
      assertThatThrownBy(() -> Receipts.verify(entry)).hasMessageContaining("not a signed receipt");
      assertThatThrownBy(() -> LogEntries.verify(receipt, key.publicKey()))
          .hasMessageContaining("not a signed log entry");
      // The same member name with the other kind's format is refused too.
      ObjectNode forged = (ObjectNode) CanonicalJson.parse(receipt);
      forged.set("entry", forged.remove("receipt"));
      assertThatThrownBy(() -> LogEntries.verify(CanonicalJson.toBytes(forged), key.publicKey()))
          .hasMessageContaining("unknown log entry format");
    }
  }
}
