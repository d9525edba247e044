package io.cleanroom.crypto.hpke;

import com.google.crypto.tink.hybrid.HpkePublicKey;
import io.cleanroom.crypto.CryptoException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * An enclave's X25519 HPKE public key, the recipient of sealed dataset keys: 32 raw bytes (RFC 7748
 * little-endian u-coordinate), written in JSON as unpadded base64url (43 characters).
 *
 * <p><b>Security:</b> parsing refuses anything but 32 bytes and refuses the small-order points of
 * Curve25519 (whose shared secret is predictable, so a key sealed to them would be readable by
 * anyone). It does not say who holds the private key: the key broker learns that from attestation
 * evidence whose report data binds this key.
 */
public final class EnclavePublicKey {

  /** Length of the raw key in bytes. */
  public static final int BYTES = HpkeSuite.X25519_KEY_BYTES;

  /**
   * The u-coordinates of the points of small order on Curve25519 and its twist that fit in 255 bits
   * (0, 1, the two points of order 8, p - 1, p and p + 1), little-endian. X25519 with any clamped
   * scalar maps them to a predictable shared secret; they are compared with the most significant
   * bit cleared, as RFC 7748 section 5 has implementations ignore it.
   */
  private static final byte[][] SMALL_ORDER =
      Stream.of(
              "0000000000000000000000000000000000000000000000000000000000000000",
              "0100000000000000000000000000000000000000000000000000000000000000",
              "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
              "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
              "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
              "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
              "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
          .map(HexFormat.of()::parseHex)
          .toArray(byte[][]::new);

  private final byte[] raw;
  private final HpkePublicKey tinkKey;

  private EnclavePublicKey(byte[] raw) {
    if (raw.length != BYTES) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_KEY,
          "an enclave public key has " + BYTES + " bytes, not " + raw.length);
    }
    if (hasSmallOrder(raw)) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_KEY, "the enclave public key is a small-order point");
    }
    try {
      this.tinkKey = HpkeSuite.publicKey(raw);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_KEY, "the enclave public key is not an X25519 key");
    }
    this.raw = raw;
  }

  /** The key from its 32 raw bytes (copied). */
  public static EnclavePublicKey fromBytes(byte[] raw) {
    return new EnclavePublicKey(raw.clone());
  }

  /** The key from unpadded base64url (as in runtime data JSON); padding is refused too. */
  public static EnclavePublicKey fromBase64Url(String encoded) {
    if (encoded.length() != 43) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_KEY,
          "an enclave public key is 43 base64url characters, not " + encoded.length());
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_KEY, "the enclave public key is not base64url");
    }
    EnclavePublicKey key = new EnclavePublicKey(raw);
    if (!key.toBase64Url().equals(encoded)) {
      throw new CryptoException(
          CryptoException.Code.MALFORMED_KEY, "the enclave public key is not canonical base64url");
    }
    return key;
  }

  /** A copy of the 32 raw bytes. */
  public byte[] toBytes() {
    return raw.clone();
  }

  /** Unpadded base64url of the raw bytes, the form used in JSON. */
  public String toBase64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** Tink's view of this key, for sealing. */
  HpkePublicKey tinkKey() {
    return tinkKey;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnclavePublicKey other && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "EnclavePublicKey[" + toBase64Url() + "]";
  }

  /**
   * Whether {@code raw} encodes a small-order point (a comparison, not a scalar multiplication).
   */
  static boolean hasSmallOrder(byte[] raw) {
    byte[] u = raw.clone();
    u[BYTES - 1] &= 0x7f;
    boolean found = false;
    for (byte[] point : SMALL_ORDER) {
      found |= MessageDigest.isEqual(u, point);
    }
    return found;
  }
}
