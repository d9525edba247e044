package io.cleanroom.crypto.log;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Ed25519 public keys a log verifier trusts, per signer: the portal (tree heads and its own
 * entries), the key brokers and the enclaves. Keys are held as unpadded base64url of their 32 raw
 * bytes, the form they take in signed JSON.
 *
 * <p>An empty set means "not pinned": entries of that signer are accepted with any key whose
 * signature verifies, and the verification report says the signer was not pinned. The trusted-keys
 * file is {@code {"portal":[b64url...],"broker":[...],"enclave":[...]}}; a missing member is not
 * pinned.
 *
 * <p><b>Security:</b> without pinned keys a verified export proves only that the log is
 * self-consistent, not who wrote it: anyone can sign a whole new log with fresh keys. A file with
 * an unknown member (say, {@code enclaves}) is refused rather than read as "not pinned".
 *
 * @param portal trusted portal keys (the tree heads' signer and the portal's entries)
 * @param broker trusted key broker keys
 * @param enclave trusted enclave keys
 */
public record TrustedLogKeys(Set<String> portal, Set<String> broker, Set<String> enclave) {

  /** The signers, as {@link io.cleanroom.crypto.receipt.LogEntries#signer()} names them. */
  public static final List<String> SIGNERS = List.of("portal", "broker", "enclave");

  /** Validates each key (32 bytes of canonical unpadded base64url) and copies the sets. */
  public TrustedLogKeys {
    portal = checked(portal, "portal");
    broker = checked(broker, "broker");
    enclave = checked(enclave, "enclave");
  }

  /** Nothing pinned: every signer's key is accepted (and reported as not pinned). */
  public static TrustedLogKeys none() {
    return new TrustedLogKeys(Set.of(), Set.of(), Set.of());
  }

  /** The keys given as raw 32-byte Ed25519 public keys. */
  public static TrustedLogKeys ofRaw(
      Collection<byte[]> portal, Collection<byte[]> broker, Collection<byte[]> enclave) {
    return new TrustedLogKeys(encoded(portal), encoded(broker), encoded(enclave));
  }

  /**
   * Reads {@code {"portal":[...],"broker":[...],"enclave":[...]}} (any member may be missing).
   *
   * @throws CryptoException {@code MALFORMED_KEY} naming what is wrong
   */
  public static TrustedLogKeys fromJson(byte[] json) {
    JsonNode node;
    try {
      node = CanonicalJson.parse(json);
    } catch (CryptoException e) {
      throw malformed("the trusted keys are not JSON: " + e.getMessage());
    }
    if (!node.isObject()) {
      throw malformed("the trusted keys are not a JSON object");
    }
    for (String name : LogExportFormat.names(node)) {
      if (!SIGNERS.contains(name)) {
        throw malformed(
            "unknown member '" + name + "' in the trusted keys (known: " + SIGNERS + ")");
      }
    }
    return new TrustedLogKeys(
        member(node, "portal"), member(node, "broker"), member(node, "enclave"));
  }

  /** The trusted keys of {@code signer} ({@code portal}, {@code broker} or {@code enclave}). */
  public Set<String> keysOf(String signer) {
    return switch (signer) {
      case "portal" -> portal;
      case "broker" -> broker;
      case "enclave" -> enclave;
      default -> throw new IllegalArgumentException("unknown signer " + signer);
    };
  }

  /** Whether {@code signer}'s keys are pinned (its set is not empty). */
  public boolean pinned(String signer) {
    return !keysOf(signer).isEmpty();
  }

  /**
   * Whether {@code key} (raw) is acceptable for {@code signer}: pinned and listed, or not pinned.
   */
  public boolean accepts(String signer, byte[] key) {
    return !pinned(signer) || keysOf(signer).contains(encode(key));
  }

  /** A raw public key as unpadded base64url, the form used here and in signed JSON. */
  public static String encode(byte[] key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  private static Set<String> member(JsonNode node, String name) {
    JsonNode keys = node.get(name);
    if (keys == null) {
      return Set.of();
    }
    if (!keys.isArray()) {
      throw malformed("'" + name + "' is not an array of base64url keys");
    }
    Set<String> out = new TreeSet<>();
    for (JsonNode k : keys) {
      if (!k.isTextual()) {
        throw malformed("'" + name + "' holds something that is not a base64url string");
      }
      out.add(k.textValue());
    }
    return out;
  }

  private static Set<String> checked(Set<String> keys, String signer) {
    if (keys == null) {
      throw new IllegalArgumentException("no key set for " + signer + " (use an empty set)");
    }
    for (String k : keys) {
      byte[] raw;
      try {
        raw = Base64.getUrlDecoder().decode(k);
      } catch (IllegalArgumentException e) {
        throw malformed("a trusted " + signer + " key is not base64url: " + k);
      }
      if (raw.length != ReceiptSigningKey.PUBLIC_KEY_BYTES || !encode(raw).equals(k)) {
        throw malformed("a trusted " + signer + " key is not 32 bytes of unpadded base64url: " + k);
      }
    }
    return Collections.unmodifiableSortedSet(new TreeSet<>(keys));
  }

  private static Set<String> encoded(Collection<byte[]> keys) {
    Set<String> out = new TreeSet<>();
    keys.forEach(k -> out.add(encode(k)));
    return out;
  }

  private static CryptoException malformed(String message) {
    return new CryptoException(CryptoException.Code.MALFORMED_KEY, message);
  }
}
