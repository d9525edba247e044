package io.cleanroom.attestation.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.TeeType;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.evidence.Claims;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.hpke.EnclavePublicKey;
import io.cleanroom.crypto.receipt.EnclaveIdentityBinding;
import io.cleanroom.crypto.receipt.Receipts;
import io.cleanroom.crypto.receipt.VerifiedReceipt;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Verifies an enclave's result receipt offline (docs/enclave.md#receipt): (1) the signature, over
 * the exact canonical bytes, by the key the receipt names; (2) the receipt's attestation evidence,
 * with the given verifiers (vendor roots, or the simulator's root where the caller trusts it); (3)
 * that the evidence's REPORT_DATA binds the receipt's signing key and HPKE key ({@link
 * EnclaveIdentityBinding}); (4) that a receipt claiming to be real is not from the simulator.
 *
 * <p><b>Security:</b> this proves the receipt was signed inside a TEE whose claims are returned;
 * whether that TEE ran an allowed build (measurement, host data, TCB, debug off) is for the caller
 * to appraise against the contract, and whether the contract hash, fingerprint, inputs and output
 * digest are the expected ones is for the caller to compare.
 */
public final class ReceiptVerifier {

  private final Verifiers verifiers;

  public ReceiptVerifier(Verifiers verifiers) {
    this.verifiers = verifiers;
  }

  /**
   * Verifies {@code signedReceipt} at {@code now}.
   *
   * @throws AttestationException {@code RECEIPT_REFUSED} with the reason, for any failure
   */
  public ReceiptCheck verify(byte[] signedReceipt, Instant now) {
    VerifiedReceipt signed;
    try {
      signed = Receipts.verify(signedReceipt);
    } catch (CryptoException e) {
      throw refused(e.getMessage());
    }
    JsonNode r = signed.receipt();
    VerificationResult result;
    try {
      result = verifiers.verify(EvidenceJson.read(r.path("evidence")), now);
    } catch (AttestationException e) {
      throw refused("the receipt's evidence does not parse: " + e.getMessage());
    }
    if (!result.verified() || result.claims().isEmpty()) {
      throw refused("the receipt's evidence does not verify: " + result.errors());
    }
    Claims claims = result.claims().get();
    EnclavePublicKey hpke;
    try {
      hpke = EnclavePublicKey.fromBase64Url(r.path("hpkePublicKey").asText(""));
    } catch (CryptoException e) {
      throw refused("the receipt's hpkePublicKey is malformed");
    }
    String bound =
        HexFormat.of().formatHex(EnclaveIdentityBinding.reportData(hpke, signed.signingKey()));
    if (!bound.equalsIgnoreCase(claims.reportData())) {
      throw refused("the receipt's evidence does not bind its signing key");
    }
    boolean simulated = claims.tee() == TeeType.SIM;
    if (r.path("simulated").asBoolean(true) != simulated) {
      throw refused("the receipt's simulated flag contradicts its evidence");
    }
    return new ReceiptCheck(r, result, claims);
  }

  private static AttestationException refused(String why) {
    return new AttestationException(AttestationException.Code.RECEIPT_REFUSED, why);
  }
}
