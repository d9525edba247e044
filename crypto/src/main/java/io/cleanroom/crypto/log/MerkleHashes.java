package io.cleanroom.crypto.log;

import io.cleanroom.crypto.json.Digests;
import java.security.MessageDigest;

/**
 * The hash functions of an RFC 9162 (Certificate Transparency v2) Merkle tree, with SHA-256.
 *
 * <p>{@code leafHash(d) = SHA-256(0x00 || d)}, {@code nodeHash(l, r) = SHA-256(0x01 || l || r)} and
 * the root of the empty tree is {@code SHA-256("")} (RFC 9162 section 2.1.1).
 *
 * <p><b>Security:</b> the distinct one-byte prefixes keep a leaf from ever hashing like an interior
 * node, so nobody can present a subtree as a leaf (second-preimage attack on the tree). Collision
 * resistance of SHA-256 is assumed.
 */
public final class MerkleHashes {

  /** The length in bytes of every hash: leaf, node, root and proof element. */
  public static final int HASH_LENGTH = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;
  private static final byte[] EMPTY_ROOT = Digests.sha256(new byte[0]);

  private MerkleHashes() {}

  /** The hash of one leaf: SHA-256(0x00 || leafData). */
  public static byte[] leafHash(byte[] leafData) {
    MessageDigest md = Digests.newDigest("SHA-256");
    md.update(LEAF_PREFIX);
    md.update(leafData);
    return md.digest();
  }

  /** The hash of an interior node: SHA-256(0x01 || left || right). */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest md = Digests.newDigest("SHA-256");
    md.update(NODE_PREFIX);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** The root hash of the empty tree: SHA-256 of the empty string (a fresh copy). */
  public static byte[] emptyRoot() {
    return EMPTY_ROOT.clone();
  }
}
