package io.cleanroom.crypto.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An append-only RFC 9162 Merkle tree held in memory: it appends leaves and answers root hashes,
 * inclusion proofs and consistency proofs for the current or any earlier tree size.
 *
 * <p>Representation: level 0 holds every leaf hash; level {@code h} holds the hash of every
 * <em>complete</em> aligned subtree of {@code 2^h} leaves, written once, when its last leaf
 * arrives. So an append costs amortised two SHA-256 computations and the tree holds about {@code
 * 2n} hashes ({@code 64n} bytes, packed; 64 MiB for a million leaves). Any subtree that RFC 9162's
 * recursion needs — for any tree size up to {@link #size()} — is the combination of at most {@code
 * log2 n} cached complete subtrees, so a root costs O(log n) hashes and a proof O(log² n) hashes at
 * worst (about 400 for a million leaves), never O(n).
 *
 * <p>Methods are synchronized: one writer and many readers may share a tree.
 *
 * <p><b>Security:</b> the tree computes what RFC 9162 section 2.1 defines, bit for bit, so that any
 * independent verifier (see {@link MerkleProofs}) reaches the same roots. It only holds hashes: the
 * leaves' content is the caller's to keep. Nothing here is signed; a {@link TreeHead} is the signed
 * statement, and trust in the log comes from verifying proofs against heads, never from this class.
 */
public final class MerkleTree {

  private final List<HashStore> levels = new ArrayList<>();

  /** An empty tree. */
  public MerkleTree() {
    levels.add(new HashStore());
  }

  /** Appends a leaf (e.g. an event's canonical JSON) and returns its index. */
  public long append(byte[] leafData) {
    return appendLeafHash(MerkleHashes.leafHash(leafData));
  }

  /** Appends a leaf given by its leaf hash (e.g. when rebuilding from stored hashes). */
  public synchronized long appendLeafHash(byte[] leafHash) {
    requireHash(leafHash);
    long index = levels.get(0).size();
    levels.get(0).add(leafHash);
    long node = index;
    byte[] hash = leafHash;
    for (int h = 0; (node & 1) == 1; h++) {
      hash = MerkleHashes.nodeHash(levels.get(h).get(node - 1), hash);
      if (levels.size() == h + 1) {
        levels.add(new HashStore());
      }
      levels.get(h + 1).add(hash);
      node >>>= 1;
    }
    return index;
  }

  /** The number of leaves. */
  public synchronized long size() {
    return levels.get(0).size();
  }

  /** The leaf hash at {@code index}. */
  public synchronized byte[] leafHash(long index) {
    return levels.get(0).get(index);
  }

  /** The root hash of the whole tree (MTH of every leaf). */
  public synchronized byte[] rootHash() {
    return rootHash(size());
  }

  /** The root hash the tree had when it held {@code size} leaves, {@code 0 <= size <= size()}. */
  public synchronized byte[] rootHash(long size) {
    requireSize(size);
    return size == 0 ? MerkleHashes.emptyRoot() : subtreeHash(0, size);
  }

  /** A tree head for the current size and root, not yet signed. */
  public synchronized TreeHead head(Instant timestamp) {
    return new TreeHead(size(), rootHash(), timestamp);
  }

  /**
   * The inclusion proof (RFC 9162 section 2.1.3.1, PATH) of leaf {@code index} in the tree of
   * {@code size} leaves: sibling hashes from the leaf up to the root.
   */
  public synchronized List<byte[]> inclusionProof(long index, long size) {
    requireSize(size);
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
    }
    List<byte[]> topDown = new ArrayList<>();
    long start = 0;
    long length = size;
    while (length > 1) {
      long k = largestPowerOfTwoBelow(length);
      if (index - start < k) {
        topDown.add(subtreeHash(start + k, length - k));
        length = k;
      } else {
        topDown.add(subtreeHash(start, k));
        start += k;
        length -= k;
      }
    }
    Collections.reverse(topDown);
    return Collections.unmodifiableList(topDown);
  }

  /**
   * The consistency proof (RFC 9162 section 2.1.4.1, PROOF) that the tree of {@code oldSize} leaves
   * is a prefix of the tree of {@code newSize} leaves. Empty when {@code oldSize} is 0 or equals
   * {@code newSize}: those cases need no proof (see {@link MerkleProofs}).
   */
  public synchronized List<byte[]> consistencyProof(long oldSize, long newSize) {
    requireSize(newSize);
    if (oldSize < 0 || oldSize > newSize) {
      throw new IllegalArgumentException("sizes " + oldSize + " and " + newSize + " out of order");
    }
    if (oldSize == 0 || oldSize == newSize) {
      return List.of();
    }
    List<byte[]> topDown = new ArrayList<>();
    long start = 0;
    long length = newSize;
    long m = oldSize;
    boolean oldIsWholeSubtree = true;
    while (m < length) {
      long k = largestPowerOfTwoBelow(length);
      if (m <= k) {
        topDown.add(subtreeHash(start + k, length - k));
        length = k;
      } else {
        topDown.add(subtreeHash(start, k));
        start += k;
        length -= k;
        m -= k;
        oldIsWholeSubtree = false;
      }
    }
    if (!oldIsWholeSubtree) {
      topDown.add(subtreeHash(start, length));
    }
    Collections.reverse(topDown);
    return Collections.unmodifiableList(topDown);
  }

  /**
   * MTH(D[start : start + length]) for {@code length >= 1}, combining cached complete subtrees:
   * split {@code length} into its powers of two from the highest, then fold from the right, which
   * is RFC 9162's recursion (its split point is the highest power of two below {@code length}).
   * Every subtree the proof algorithms ask for starts at a multiple of its highest piece.
   */
  private byte[] subtreeHash(long start, long length) {
    List<byte[]> pieces = new ArrayList<>(Long.bitCount(length));
    long at = start;
    for (long rest = length; rest > 0; rest -= Long.highestOneBit(rest)) {
      long piece = Long.highestOneBit(rest);
      if (at % piece != 0) {
        throw new IllegalStateException("unaligned subtree " + at + "+" + piece);
      }
      pieces.add(levels.get(Long.numberOfTrailingZeros(piece)).get(at / piece));
      at += piece;
    }
    byte[] hash = pieces.get(pieces.size() - 1);
    for (int i = pieces.size() - 2; i >= 0; i--) {
      hash = MerkleHashes.nodeHash(pieces.get(i), hash);
    }
    return hash;
  }

  /** The largest power of two strictly smaller than {@code n}, for {@code n >= 2}. */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  private void requireSize(long size) {
    if (size < 0 || size > levels.get(0).size()) {
      throw new IllegalArgumentException(
          "tree size " + size + " is not in 0.." + levels.get(0).size());
    }
  }

  private static void requireHash(byte[] hash) {
    if (hash == null || hash.length != MerkleHashes.HASH_LENGTH) {
      throw new IllegalArgumentException("a leaf hash is " + MerkleHashes.HASH_LENGTH + " bytes");
    }
  }
}
