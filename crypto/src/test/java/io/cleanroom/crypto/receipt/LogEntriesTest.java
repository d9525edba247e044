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
      byte[] signed = LogEntries.ENCLAVE.sign(body(), key);
      VerifiedReceipt e = LogEntries.ENCLAVE.verify(signed, key.publicKey());
      assertThat(e.receipt().get("format").asText()).isEqualTo(LogEntries.ENCLAVE.format());
      assertThat(e.receipt().get("event").asText()).isEqualTo("run.finished");
      assertThatThrownBy(() -> LogEntries.ENCLAVE.verify(signed, other.publicKey()))
          .hasMessageContaining("another key");
      for (int i = 0; i < signed.length; i++) {
        byte[] t = signed.clone();
        t[i] ^= 0x01;
        assertThatThrownBy(() -> LogEntries.ENCLAVE.verify(t, key.publicKey()))
            .isInstanceOf(CryptoException.class);
      }
    }
  }

  @Test
  void entriesAndReceiptsCannotPassForEachOther() {
    try (ReceiptSigningKey key = ReceiptSigningKey.generate()) {
      byte[] entry = LogEntries.ENCLAVE.sign(body(), key);
      byte[] receipt = Receipts.sign(body(), key);
      assertThatThrownBy(() -> Receipts.verify(entry)).hasMessageContaining("not a signed receipt");
      assertThatThrownBy(() -> LogEntries.ENCLAVE.verify(receipt, key.publicKey()))
          .hasMessageContaining("not a signed enclave log entry");
      // The same member name with the other kind's format is refused too.
      ObjectNode forged = (ObjectNode) CanonicalJson.parse(receipt);
      forged.set("entry", forged.remove("receipt"));
      assertThatThrownBy(
              () -> LogEntries.ENCLAVE.verify(CanonicalJson.toBytes(forged), key.publicKey()))
          .hasMessageContaining("unknown enclave log entry format");
    }
  }

  @Test
  void oneSignersEntryNeverPassesAsAnothers() {
    try (ReceiptSigningKey key = ReceiptSigningKey.generate()) {
      for (LogEntries kind :
          new LogEntries[] {LogEntries.ENCLAVE, LogEntries.BROKER, LogEntries.PORTAL}) {
        byte[] signed = kind.sign(body(), key);
        assertThat(LogEntries.kindOf(signed)).contains(kind);
        assertThat(kind.verify(signed).receipt().get("format").asText())
            .isEqualTo("cleanroom." + kind.signer() + "-log-entry.v1");
        for (LogEntries other :
            new LogEntries[] {LogEntries.ENCLAVE, LogEntries.BROKER, LogEntries.PORTAL}) {
          if (other != kind) {
            assertThatThrownBy(() -> other.verify(signed, key.publicKey()))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("unknown " + other.signer() + " log entry format");
          }
        }
      }
      assertThat(LogEntries.kindOf(Receipts.sign(body(), key))).isEmpty();
      assertThat(LogEntries.kindOf("not json".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .isEmpty();
    }
  }
}
