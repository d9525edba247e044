package io.cleanroom.crypto.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import io.cleanroom.crypto.receipt.SignedEnvelope;
import io.cleanroom.crypto.receipt.VerifiedReceipt;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tree head signed by the log (the portal) for one log (a collaboration): the canonical JSON of
 *
 * <pre>{@code
 * {"head":{"format":"cleanroom.signed-tree-head.v1","logId":"<collaboration id>",
 *          "rootHash":"<64 hex>","signingKey":"<base64url Ed25519>","size":<leaves>,
 *          "timestamp":<ms since the epoch>},
 *  "signature":"<base64url Ed25519 over the canonical JSON of head>"}
 * }</pre>
 *
 * <p><b>Security:</b> the {@code logId} keeps one collaboration's head from passing for another's;
 * the {@code format} keeps it from passing as a receipt or a log entry. Verifying a signed head
 * proves only that the key it names signed it: callers pin the portal's key.
 *
 * @param logId the log (collaboration) the head is for
 * @param head the tree head
 * @param signingKey the raw Ed25519 public key that signed it
 */
public record SignedTreeHead(String logId, TreeHead head, byte[] signingKey) {

  /** The value of the {@code format} member. */
  public static final String FORMAT = "cleanroom.signed-tree-head.v1";

  private static final SignedEnvelope ENVELOPE = new SignedEnvelope("head", FORMAT, "tree head");
  private static final Set<String> MEMBERS =
      Set.of("format", "logId", "rootHash", "signingKey", "size", "timestamp");

  public SignedTreeHead {
    signingKey = signingKey.clone();
  }

  @Override
  public byte[] signingKey() {
    return signingKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedTreeHead other
        && logId.equals(other.logId)
        && head.equals(other.head)
        && java.security.MessageDigest.isEqual(signingKey, other.signingKey);
  }

  @Override
  public int hashCode() {
    return (logId.hashCode() * 31 + head.hashCode()) * 31 + java.util.Arrays.hashCode(signingKey);
  }

  /** Signs {@code head} of log {@code logId}; returns the signed head's canonical JSON bytes. */
  public static byte[] sign(String logId, TreeHead head, ReceiptSigningKey key) {
    if (logId == null || logId.isEmpty()) {
      throw new IllegalArgumentException("a log id is required");
    }
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("logId", logId);
    body.put("rootHash", Digests.hex(head.rootHash()));
    body.put("size", head.size());
    body.put("timestamp", head.timestamp().toEpochMilli());
    return ENVELOPE.sign(body, key);
  }

  /**
   * Verifies a signed head by the key it names and reads it.
   *
   * @throws CryptoException {@code RECEIPT_INVALID} for a bad signature or form, {@code
   *     MALFORMED_JSON} for a head out of range
   */
  public static SignedTreeHead verify(byte[] signed) {
    VerifiedReceipt v = ENVELOPE.verify(signed);
    JsonNode h = v.receipt();
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = h.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    String logId = h.path("logId").textValue();
    String hex = h.path("rootHash").textValue();
    if (!names.equals(new TreeSet<>(MEMBERS))
        || logId == null
        || logId.isEmpty()
        || hex == null
        || !hex.matches("[0-9a-f]{64}")
        || !h.get("size").canConvertToLong()
        || !h.get("size").isIntegralNumber()
        || !h.get("timestamp").isIntegralNumber()
        || !h.get("timestamp").canConvertToLong()) {
      throw new CryptoException(CryptoException.Code.MALFORMED_JSON, "not a signed tree head");
    }
    TreeHead head;
    try {
      head =
          new TreeHead(
              h.get("size").longValue(),
              Digests.fromHex(hex),
              Instant.ofEpochMilli(h.get("timestamp").longValue()));
    } catch (IllegalArgumentException e) {
      throw new CryptoException(CryptoException.Code.MALFORMED_JSON, "tree head out of range");
    }
    return new SignedTreeHead(logId, head, v.signingKey());
  }
}
