package io.cleanroom.crypto.receipt;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A receipt (or an enclave log entry, {@link LogEntries}) whose signature verified.
 *
 * @param receipt the signed statement: the {@code receipt} (or {@code entry}) member (a copy)
 * @param signingKey the raw Ed25519 public key that signed it (the receipt's {@code signingKey})
 */
public record VerifiedReceipt(JsonNode receipt, byte[] signingKey) {

  public VerifiedReceipt {
    receipt = receipt.deepCopy();
    signingKey = signingKey.clone();
  }

  @Override
  public JsonNode receipt() {
    return receipt.deepCopy();
  }

  @Override
  public byte[] signingKey() {
    return signingKey.clone();
  }
}
