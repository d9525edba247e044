package io.cleanroom.crypto.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

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

  private static final Set<String> ENVELOPE = Set.of("receipt", "signature");

  private Receipts() {}

  /**
   * Signs {@code body} (copied; must not hold {@code format} or {@code signingKey}, which this
   * adds) and answers the signed receipt's canonical JSON bytes.
   */
  public static byte[] sign(ObjectNode body, ReceiptSigningKey key) {
    if (body.has("format") || body.has("signingKey")) {
      throw new IllegalArgumentException("format and signingKey are set by the signer");
    }
    ObjectNode receipt = body.deepCopy();
    receipt.put("format", FORMAT);
    receipt.put("signingKey", key.publicKeyBase64Url());
    byte[] signature = key.sign(CanonicalJson.toBytes(receipt));
    ObjectNode doc = CanonicalJson.mapper().createObjectNode();
    doc.set("receipt", receipt);
    doc.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
    return CanonicalJson.toBytes(doc);
  }

  /**
   * Verifies a signed receipt: canonical bytes, the known format, and an Ed25519 signature by the
   * key the receipt names.
   *
   * @throws CryptoException {@code RECEIPT_INVALID} for anything else
   */
  public static VerifiedReceipt verify(byte[] signedReceipt) {
    JsonNode doc;
    try {
      doc = CanonicalJson.parse(signedReceipt);
    } catch (CryptoException e) {
      throw invalid("the receipt is not JSON");
    }
    if (!doc.isObject() || !names(doc).equals(new TreeSet<>(ENVELOPE))) {
      throw invalid("not a signed receipt");
    }
    if (!Arrays.equals(CanonicalJson.toBytes(doc), signedReceipt)) {
      throw invalid("the receipt is not in canonical form");
    }
    JsonNode receipt = doc.get("receipt");
    if (!receipt.isObject() || !FORMAT.equals(receipt.path("format").textValue())) {
      throw invalid("unknown receipt format");
    }
    byte[] key = base64Url(receipt.path("signingKey"), ReceiptSigningKey.PUBLIC_KEY_BYTES, "key");
    byte[] sig = base64Url(doc.get("signature"), ReceiptSigningKey.SIGNATURE_BYTES, "signature");
    if (!ReceiptSigningKey.verify(key, CanonicalJson.toBytes(receipt), sig)) {
      throw invalid("the receipt's signature does not verify");
    }
    return new VerifiedReceipt(receipt.deepCopy(), key);
  }

  /** Like {@link #verify(byte[])}, and also requires the signing key to be {@code expectedKey}. */
  public static VerifiedReceipt verify(byte[] signedReceipt, byte[] expectedKey) {
    VerifiedReceipt r = verify(signedReceipt);
    if (!MessageDigest.isEqual(r.signingKey(), expectedKey)) {
      throw invalid("the receipt is signed by another key");
    }
    return r;
  }

  private static byte[] base64Url(JsonNode value, int length, String what) {
    String text = value == null ? null : value.textValue();
    if (text == null) {
      throw invalid("the receipt's " + what + " is missing");
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw invalid("the receipt's " + what + " is not base64url");
    }
    if (raw.length != length
        || !Base64.getUrlEncoder().withoutPadding().encodeToString(raw).equals(text)) {
      throw invalid(
          "the receipt's " + what + " is not " + length + " bytes of canonical base64url");
    }
    return raw;
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static CryptoException invalid(String message) {
    return new CryptoException(CryptoException.Code.RECEIPT_INVALID, message);
  }
}
