package io.cleanroom.crypto.log;

import io.cleanroom.crypto.CryptoException;
import java.security.MessageDigest;
import java.util.List;

/**
 * Offline verification of RFC 9162 inclusion and consistency proofs: needs nothing but the proof,
 * the sizes and the root hashes of signed tree heads, so {@code cleanroom verify log} can run it on
 * an export without any service.
 *
 * <p>The {@code verify*} methods return {@code false} for anything that does not verify, including
 * malformed input (negative sizes, hashes that are not 32 bytes, null elements); they never throw.
 * The {@code require*} methods throw {@link CryptoException} with code {@link
 * CryptoException.Code#LOG_VERIFICATION_FAILED} and one deliberately vague message.
 *
 * <p><b>Security:</b> {@link #verifyInclusion} is RFC 9162 section 2.1.3.2 and {@link
 * #verifyConsistency} section 2.1.4.2, step for step, including their final checks that the whole
 * proof was consumed ({@code sn == 0}), so a truncated or padded proof fails. Two cases the RFC
 * leaves outside its algorithm ({@code 0 < first < second}) are decided here: equal sizes verify
 * only with an empty proof and equal roots; an old size of 0 verifies only with an empty proof and
 * the empty tree's root. The caller must check the tree heads' signatures, and that the leaf hash
 * is {@link MerkleHashes#leafHash} of the event it means. A proof binds the leaf, its index and the
 * root, but not the size on its own (RFC 9162 does not either): the size and root passed in must
 * come from one signed tree head, never from the party that supplied the proof.
 */
public final class MerkleProofs {

  private static final String VAGUE = "log proof does not verify";

  private MerkleProofs() {}

  /**
   * Whether {@code proof} shows that the leaf with hash {@code leafHash} is at {@code index} in the
   * tree of {@code size} leaves whose root is {@code root} (RFC 9162 section 2.1.3.2).
   */
  public static boolean verifyInclusion(
      byte[] leafHash, long index, long size, List<byte[]> proof, byte[] root) {
    if (!isHash(leafHash) || !isHash(root) || !allHashes(proof)) {
      return false;
    }
    if (index < 0 || index >= size) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleHashes.nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = MerkleHashes.nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  /**
   * Whether {@code proof} shows that the tree of {@code oldSize} leaves with root {@code oldRoot}
   * is a prefix of the tree of {@code newSize} leaves with root {@code newRoot} (RFC 9162 section
   * 2.1.4.2).
   */
  public static boolean verifyConsistency(
      long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    if (!isHash(oldRoot) || !isHash(newRoot) || !allHashes(proof)) {
      return false;
    }
    if (oldSize < 0 || oldSize > newSize) {
      return false;
    }
    if (oldSize == newSize) {
      return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
    }
    if (oldSize == 0) {
      return proof.isEmpty() && MessageDigest.isEqual(oldRoot, MerkleHashes.emptyRoot());
    }
    return verifyProperConsistency(oldSize, newSize, oldRoot, newRoot, proof);
  }

  /** As {@link #verifyInclusion}, but throws instead of returning {@code false}. */
  public static void requireInclusion(
      byte[] leafHash, long index, long size, List<byte[]> proof, byte[] root) {
    if (!verifyInclusion(leafHash, index, size, proof, root)) {
      throw new CryptoException(CryptoException.Code.LOG_VERIFICATION_FAILED, VAGUE);
    }
  }

  /** As {@link #verifyConsistency}, but throws instead of returning {@code false}. */
  public static void requireConsistency(
      long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    if (!verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)) {
      throw new CryptoException(CryptoException.Code.LOG_VERIFICATION_FAILED, VAGUE);
    }
  }

  /** RFC 9162 section 2.1.4.2 for {@code 0 < oldSize < newSize}. */
  private static boolean verifyProperConsistency(
      long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    if (proof.isEmpty()) {
      return false;
    }
    boolean prependOldRoot = Long.bitCount(oldSize) == 1;
    int first = prependOldRoot ? 0 : 1;
    byte[] seed = prependOldRoot ? oldRoot : proof.get(0);
    long fn = oldSize - 1;
    long sn = newSize - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = seed;
    byte[] sr = seed;
    for (byte[] c : proof.subList(first, proof.size())) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleHashes.nodeHash(c, fr);
        sr = MerkleHashes.nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = MerkleHashes.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
  }

  private static boolean isHash(byte[] hash) {
    return hash != null && hash.length == MerkleHashes.HASH_LENGTH;
  }

  private static boolean allHashes(List<byte[]> proof) {
    if (proof == null) {
      return false;
    }
    for (byte[] element : proof) {
      if (!isHash(element)) {
        return false;
      }
    }
    return true;
  }
}
