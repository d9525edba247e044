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
    EnclaveCheck e =
        verifyEnclave(
            r.path("evidence"),
            r.path("hpkePublicKey").asText(""),
            signed.signingKey(),
            r.path("simulated").asBoolean(true),
            now,
            "the receipt's");
    return new ReceiptCheck(r, e.result(), e.claims(), e.reportData());
  }

  /**
   * An enclave whose evidence verified and binds its keys.
   *
   * @param result the evidence's verification result
   * @param claims its verified claims
   * @param reportData the REPORT_DATA that binds the keys ({@link EnclaveIdentityBinding}), for
   *     appraising the claims against reference values
   */
  public record EnclaveCheck(VerificationResult result, Claims claims, byte[] reportData) {

    public EnclaveCheck {
      reportData = reportData.clone();
    }

    @Override
    public byte[] reportData() {
      return reportData.clone();
    }
  }

  /**
   * Verifies an enclave's identity as {@code GET /v1/attestation} or a receipt states it: the
   * evidence, with the given verifiers, at {@code now}; that its REPORT_DATA binds {@code
   * hpkePublicKey} (base64url) and {@code signingKey} ({@link EnclaveIdentityBinding}); and that
   * the {@code simulated} flag agrees with the evidence. Whether the TEE ran an allowed build is
   * for the caller to appraise.
   *
   * @throws AttestationException {@code RECEIPT_REFUSED} with the reason, for any failure
   */
  public EnclaveCheck verifyEnclave(
      JsonNode evidence,
      String hpkePublicKey,
      byte[] signingKey,
      boolean simulatedClaimed,
      Instant now) {
    return verifyEnclave(
        evidence, hpkePublicKey, signingKey, simulatedClaimed, now, "the enclave's");
  }

  /** As above; refusals name their subject as {@code whose} ("the enclave's", "the receipt's"). */
  private EnclaveCheck verifyEnclave(
      JsonNode evidence,
      String hpkePublicKey,
      byte[] signingKey,
      boolean simulatedClaimed,
      Instant now,
      String whose) {
    VerificationResult result;
    try {
      result = verifiers.verify(EvidenceJson.read(evidence), now);
    } catch (AttestationException e) {
      throw refused(whose + " evidence does not parse: " + e.getMessage());
    }
    if (!result.verified() || result.claims().isEmpty()) {
      throw refused(whose + " evidence does not verify: " + result.errors());
    }
    Claims claims = result.claims().get();
    EnclavePublicKey hpke;
    try {
      hpke = EnclavePublicKey.fromBase64Url(hpkePublicKey);
    } catch (CryptoException e) {
      throw refused(whose + " hpkePublicKey is malformed");
    }
    byte[] binding = EnclaveIdentityBinding.reportData(hpke, signingKey);
    if (!HexFormat.of().formatHex(binding).equalsIgnoreCase(claims.reportData())) {
      throw refused(whose + " evidence does not bind its signing key");
    }
    if (simulatedClaimed != (claims.tee() == TeeType.SIM)) {
      throw refused(whose + " simulated flag contradicts its evidence");
    }
    return new EnclaveCheck(result, claims, binding);
  }

  private static AttestationException refused(String why) {
    return new AttestationException(AttestationException.Code.RECEIPT_REFUSED, why);
  }
}
