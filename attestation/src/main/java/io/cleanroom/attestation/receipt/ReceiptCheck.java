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
 * @param reportData the REPORT_DATA that binds the receipt's signing key and HPKE key, which an
 *     appraisal of the claims expects
 */
public record ReceiptCheck(
    JsonNode receipt, VerificationResult evidence, Claims claims, byte[] reportData) {

  public ReceiptCheck {
    receipt = receipt.deepCopy();
    reportData = reportData.clone();
  }

  @Override
  public byte[] reportData() {
    return reportData.clone();
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
