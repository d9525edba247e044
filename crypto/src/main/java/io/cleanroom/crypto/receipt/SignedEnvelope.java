package io.cleanroom.crypto.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * The signed envelope of receipts and log entries: the canonical JSON (RFC 8785) of {@code
 * {"<member>": {"format": ..., "signingKey": ..., ...}, "signature": base64url(Ed25519)}}, the
 * signature over the canonical JSON of the member. One format per kind of statement, so that a
 * signature over one kind is never accepted as another.
 */
public final class SignedEnvelope {

  private final String member;
  private final String format;
  private final String noun;

  public SignedEnvelope(String member, String format, String noun) {
    this.member = member;
    this.format = format;
    this.noun = noun;
  }

  public byte[] sign(ObjectNode body, ReceiptSigningKey key) {
    if (body.has("format") || body.has("signingKey")) {
      throw new IllegalArgumentException("format and signingKey are set by the signer");
    }
    ObjectNode statement = body.deepCopy();
    statement.put("format", format);
    statement.put("signingKey", key.publicKeyBase64Url());
    byte[] signature = key.sign(CanonicalJson.toBytes(statement));
    ObjectNode doc = CanonicalJson.mapper().createObjectNode();
    doc.set(member, statement);
    doc.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
    return CanonicalJson.toBytes(doc);
  }

  public VerifiedReceipt verify(byte[] signed) {
    JsonNode doc;
    try {
      doc = CanonicalJson.parse(signed);
    } catch (CryptoException e) {
      throw invalid("the " + noun + " is not JSON");
    }
    if (!doc.isObject() || !names(doc).equals(new TreeSet<>(Set.of(member, "signature")))) {
      throw invalid("not a signed " + noun);
    }
    if (!Arrays.equals(CanonicalJson.toBytes(doc), signed)) {
      throw invalid("the " + noun + " is not in canonical form");
    }
    JsonNode statement = doc.get(member);
    if (!statement.isObject() || !format.equals(statement.path("format").textValue())) {
      throw invalid("unknown " + noun + " format");
    }
    byte[] key = base64Url(statement.path("signingKey"), ReceiptSigningKey.PUBLIC_KEY_BYTES, "key");
    byte[] sig = base64Url(doc.get("signature"), ReceiptSigningKey.SIGNATURE_BYTES, "signature");
    if (!ReceiptSigningKey.verify(key, CanonicalJson.toBytes(statement), sig)) {
      throw invalid("the " + noun + "'s signature does not verify");
    }
    return new VerifiedReceipt(statement.deepCopy(), key);
  }

  private byte[] base64Url(JsonNode value, int length, String what) {
    String text = value == null ? null : value.textValue();
    if (text == null) {
      throw invalid("the " + noun + "'s " + what + " is missing");
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw invalid("the " + noun + "'s " + what + " is not base64url");
    }
    if (raw.length != length
        || !Base64.getUrlEncoder().withoutPadding().encodeToString(raw).equals(text)) {
      throw invalid(
          "the " + noun + "'s " + what + " is not " + length + " bytes of canonical base64url");
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
