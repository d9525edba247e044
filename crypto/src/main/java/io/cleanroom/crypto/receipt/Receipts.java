package io.cleanroom.crypto.receipt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import java.security.MessageDigest;

/**
 * Signs result receipts and verifies them offline.
 *
 * <p>A signed receipt is the canonical JSON (RFC 8785) of
 *
 * <pre>{@code
 * {"receipt": {"format": "cleanroom.receipt.v1", "signingKey": "<base64url Ed25519 key>", ...},
 *  "signature": "<base64url of the 64-byte Ed25519 signature>"}
 * }</pre>
 *
 * <p>The signature covers the canonical JSON of the {@code receipt} member, which names its own
 * {@code format} and the key that signed it. What else the receipt holds (contract, query, inputs,
 * output digest, evidence...) is the enclave's business (docs/enclave.md); this class signs any
 * members given.
 *
 * <p><b>Security:</b> the {@code format} member separates receipts from every other signed
 * canonical JSON of the project (tree heads, contracts), so a signature over one cannot be replayed
 * as another. {@link #verify} accepts only the exact canonical bytes with canonical base64url, so a
 * receipt has one encoding and any changed byte is refused. A verified signature says only that the
 * holder of {@code signingKey} signed the receipt: that this key belongs to an attested enclave is
 * checked against the receipt's evidence ({@link EnclaveIdentityBinding}).
 */
public final class Receipts {

  /** The value of the {@code format} member. */
  public static final String FORMAT = "cleanroom.receipt.v1";

  private static final SignedEnvelope ENVELOPE = new SignedEnvelope("receipt", FORMAT, "receipt");

  private Receipts() {}

  /**
   * Signs {@code body} (copied; must not hold {@code format} or {@code signingKey}, which this
   * adds) and answers the signed receipt's canonical JSON bytes.
   */
  public static byte[] sign(ObjectNode body, ReceiptSigningKey key) {
    return ENVELOPE.sign(body, key);
  }

  /**
   * Verifies a signed receipt: canonical bytes, the known format, and an Ed25519 signature by the
   * key the receipt names.
   *
   * @throws CryptoException {@code RECEIPT_INVALID} for anything else
   */
  public static VerifiedReceipt verify(byte[] signedReceipt) {
    return ENVELOPE.verify(signedReceipt);
  }

  /** Like {@link #verify(byte[])}, and also requires the signing key to be {@code expectedKey}. */
  public static VerifiedReceipt verify(byte[] signedReceipt, byte[] expectedKey) {
    VerifiedReceipt r = verify(signedReceipt);
    if (!MessageDigest.isEqual(r.signingKey(), expectedKey)) {
      throw new CryptoException(
          CryptoException.Code.RECEIPT_INVALID, "the receipt is signed by another key");
    }
    return r;
  }
}
