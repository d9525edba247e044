package io.cleanroom.crypto.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tree head: the log's statement that its tree held {@code size} leaves with root {@code
 * rootHash} at {@code timestamp}; the thing the log signs and verifiers compare proofs against.
 *
 * <p>Its signed form is {@link #signingInput()}: the canonical JSON (RFC 8785) of
 *
 * <pre>{@code
 * {"format":"cleanroom.tree-head.v1","rootHash":"<64 lower-case hex>","size":<leaves>,
 *  "timestamp":<milliseconds since the epoch, UTC>}
 * }</pre>
 *
 * <p>The timestamp is kept to the millisecond (RFC 9162 precision); finer parts are dropped on
 * construction so that a head always equals what its JSON says. Sizes and timestamps are at most
 * 2<sup>53</sup> so that every JSON reader reads them exactly.
 *
 * <p><b>Security:</b> the {@code format} member separates tree heads from every other signed
 * canonical JSON in the project (receipts, contracts), so a signature over one cannot be replayed
 * as the other. {@link #fromJson} accepts only the exact canonical bytes, so one head has one
 * encoding. A head proves nothing until its signature is checked; signing is left to the caller,
 * over {@link #signingInput()}.
 */
public record TreeHead(long size, byte[] rootHash, Instant timestamp) {

  /** The value of the {@code format} member. */
  public static final String FORMAT = "cleanroom.tree-head.v1";

  private static final long MAX_JSON_INTEGER = 1L << 53;
  private static final Set<String> MEMBERS = Set.of("format", "rootHash", "size", "timestamp");

  /** Validates and copies; truncates the timestamp to milliseconds. */
  public TreeHead {
    if (size < 0 || size > MAX_JSON_INTEGER) {
      throw new IllegalArgumentException("tree size out of range: " + size);
    }
    if (rootHash == null || rootHash.length != MerkleHashes.HASH_LENGTH) {
      throw new IllegalArgumentException("a root hash is " + MerkleHashes.HASH_LENGTH + " bytes");
    }
    if (timestamp == null
        || timestamp.isBefore(Instant.EPOCH)
        || timestamp.toEpochMilli() > MAX_JSON_INTEGER) {
      throw new IllegalArgumentException("timestamp out of range");
    }
    rootHash = rootHash.clone();
    timestamp = timestamp.truncatedTo(ChronoUnit.MILLIS);
  }

  /** A copy of the root hash. */
  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** The bytes to sign and to verify a signature against: this head's canonical JSON. */
  public byte[] signingInput() {
    ObjectNode node = CanonicalJson.mapper().createObjectNode();
    node.put("format", FORMAT);
    node.put("rootHash", Digests.hex(rootHash));
    node.put("size", size);
    node.put("timestamp", timestamp.toEpochMilli());
    return CanonicalJson.toBytes(node);
  }

  /** Reads a head from its canonical JSON; anything else is refused. */
  public static TreeHead fromJson(byte[] json) {
    JsonNode node = CanonicalJson.parse(json);
    if (!node.isObject() || !memberNames(node).equals(new TreeSet<>(MEMBERS))) {
      throw malformed("not a tree head");
    }
    if (!FORMAT.equals(node.get("format").textValue())) {
      throw malformed("unknown tree head format");
    }
    String hex = node.get("rootHash").textValue();
    if (hex == null || !hex.matches("[0-9a-f]{64}")) {
      throw malformed("tree head root hash is not 64 lower-case hex digits");
    }
    TreeHead head;
    try {
      head =
          new TreeHead(
              integer(node.get("size")),
              Digests.fromHex(hex),
              Instant.ofEpochMilli(integer(node.get("timestamp"))));
    } catch (IllegalArgumentException e) {
      throw malformed("tree head out of range");
    }
    if (!Arrays.equals(head.signingInput(), json)) {
      throw malformed("tree head is not in canonical form");
    }
    return head;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeHead other
        && size == other.size
        && MessageDigest.isEqual(rootHash, other.rootHash)
        && timestamp.equals(other.timestamp);
  }

  @Override
  public int hashCode() {
    return (Long.hashCode(size) * 31 + Arrays.hashCode(rootHash)) * 31 + timestamp.hashCode();
  }

  @Override
  public String toString() {
    return "TreeHead[size="
        + size
        + ", rootHash="
        + Digests.hex(rootHash)
        + ", timestamp="
        + timestamp
        + "]";
  }

  private static Set<String> memberNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static long integer(JsonNode value) {
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw malformed("tree head size and timestamp are integers");
    }
    return value.longValue();
  }

  private static CryptoException malformed(String message) {
    return new CryptoException(CryptoException.Code.MALFORMED_JSON, message);
  }
}
