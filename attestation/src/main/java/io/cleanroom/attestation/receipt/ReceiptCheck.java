package io.cleanroom.attestation.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.evidence.Claims;
import io.cleanroom.attestation.evidence.VerificationResult;

/**
 * A receipt that passed {@link ReceiptVerifier}: signed by the key its evidence binds, with
 * evidence that verified to a trusted root.
 *
 * @param receipt the signed {@code receipt} member
 * @param evidence the evidence's verification result
 * @param claims the verified claims; compare {@link Claims#measurement()} (and host data, TCB,
 *     debug) with the contract's allowed enclaves before trusting the result
 */
public record ReceiptCheck(JsonNode receipt, VerificationResult evidence, Claims claims) {

  public ReceiptCheck {
    receipt = receipt.deepCopy();
  }

  @Override
  public JsonNode receipt() {
    return receipt.deepCopy();
  }

  /** Whether the receipt comes from the simulated TEE (not confidential). */
  public boolean simulated() {
    return receipt.path("simulated").asBoolean(true);
  }
}
