package io.cleanroom.crypto.log;

import static io.cleanroom.crypto.log.TestTrees.CT_LEAVES;
import static io.cleanroom.crypto.log.TestTrees.ctRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.CryptoException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleProofsTest {

  private static final int N = 2500;
  private static final MerkleTree TREE = TestTrees.treeOf(TestTrees.randomLeaves(N, 11));

  @Test
  void acceptsTheCertificateTransparencyProofs() {
    MerkleTree ct = TestTrees.ctTree();
    for (int size = 1; size <= 8; size++) {
      for (int index = 0; index < size; index++) {
        byte[] leaf = MerkleHashes.leafHash(CT_LEAVES.get(index));
        assertThat(
                MerkleProofs.verifyInclusion(
                    leaf, index, size, ct.inclusionProof(index, size), ctRoot(size)))
            .isTrue();
      }
      for (int old = 0; old <= size; old++) {
        assertThat(
                MerkleProofs.verifyConsistency(
                    old, size, ctRoot(old), ctRoot(size), ct.consistencyProof(old, size)))
            .isTrue();
      }
    }
  }

  @Test
  void acceptsEveryInclusionProofOfSeveralTreeSizes() {
    for (long size : new long[] {1, 2, 3, 7, 64, 100, 1023, 1024, 1025, N}) {
      byte[] root = TREE.rootHash(size);
      for (long index = 0; index < size; index++) {
        List<byte[]> proof = TREE.inclusionProof(index, size);
        assertThat(MerkleProofs.verifyInclusion(TREE.leafHash(index), index, size, proof, root))
            .as("leaf %d of %d", index, size)
            .isTrue();
      }
    }
  }

  @Test
  void acceptsConsistencyProofsForManyPairs() {
    byte[] newRoot = TREE.rootHash();
    for (long old = 0; old <= N; old++) {
      assertThat(consistent(old, N, TREE.rootHash(old), newRoot, TREE.consistencyProof(old, N)))
          .as("%d -> %d", old, N)
          .isTrue();
    }
    Random random = new Random(12);
    for (int i = 0; i < 2000; i++) {
      long b = 1 + random.nextInt(N);
      long a = random.nextInt((int) b + 1);
      assertThat(consistent(a, b, TREE.rootHash(a), TREE.rootHash(b), TREE.consistencyProof(a, b)))
          .as("%d -> %d", a, b)
          .isTrue();
    }
  }

  @Test
  void refusesInclusionProofsWithAnyBitFlipped() {
    for (long[] c : new long[][] {{0, 8}, {5, 8}, {12, 13}, {6, 7}, {700, 1025}, {N - 1, N}}) {
      long index = c[0];
      long size = c[1];
      byte[] leaf = TREE.leafHash(index);
      byte[] root = TREE.rootHash(size);
      List<byte[]> proof = TREE.inclusionProof(index, size);
      for (int e = 0; e < proof.size(); e++) {
        for (int bit = 0; bit < 256; bit++) {
          assertThat(MerkleProofs.verifyInclusion(leaf, index, size, flip(proof, e, bit), root))
              .isFalse();
        }
      }
      for (int bit = 0; bit < 256; bit++) {
        assertThat(MerkleProofs.verifyInclusion(flip(leaf, bit), index, size, proof, root))
            .isFalse();
        assertThat(MerkleProofs.verifyInclusion(leaf, index, size, proof, flip(root, bit)))
            .isFalse();
      }
    }
  }

  @Test
  void refusesInclusionProofsForAnotherIndexSizeRootOrShape() {
    for (long size = 1; size <= 40; size++) {
      byte[] root = TREE.rootHash(size);
      for (long index = 0; index < size; index++) {
        byte[] leaf = TREE.leafHash(index);
        List<byte[]> proof = TREE.inclusionProof(index, size);
        for (long other = -1; other <= size; other++) {
          if (other != index) {
            assertThat(MerkleProofs.verifyInclusion(leaf, other, size, proof, root)).isFalse();
          }
        }
        for (long other = Math.max(1, size - 3); other <= size + 3; other++) {
          if (other != size) {
            assertThat(
                    MerkleProofs.verifyInclusion(leaf, index, other, proof, TREE.rootHash(other)))
                .as("leaf %d of %d claimed in %d", index, size, other)
                .isFalse();
            assertThat(MerkleProofs.verifyInclusion(leaf, index, size, proof, TREE.rootHash(other)))
                .isFalse();
          }
        }
        assertThat(MerkleProofs.verifyInclusion(leaf, index, size, extended(proof), root))
            .isFalse();
        assertThat(
                MerkleProofs.verifyInclusion(
                    leaf, index, size, extendedWith(proof, proof, 0), root))
            .isFalse();
        if (!proof.isEmpty()) {
          assertThat(MerkleProofs.verifyInclusion(leaf, index, size, truncated(proof), root))
              .isFalse();
          assertThat(MerkleProofs.verifyInclusion(leaf, index, size, withoutFirst(proof), root))
              .isFalse();
        }
        if (proof.size() >= 2) {
          assertThat(MerkleProofs.verifyInclusion(leaf, index, size, reversed(proof), root))
              .isFalse();
        }
      }
    }
  }

  @Test
  void refusesConsistencyProofsWithAnyBitFlipped() {
    for (long[] c : new long[][] {{1, 8}, {2, 8}, {6, 8}, {3, 7}, {4, 13}, {1000, N}}) {
      long a = c[0];
      long b = c[1];
      byte[] oldRoot = TREE.rootHash(a);
      byte[] newRoot = TREE.rootHash(b);
      List<byte[]> proof = TREE.consistencyProof(a, b);
      for (int e = 0; e < proof.size(); e++) {
        for (int bit = 0; bit < 256; bit++) {
          assertThat(consistent(a, b, oldRoot, newRoot, flip(proof, e, bit))).isFalse();
        }
      }
      for (int bit = 0; bit < 256; bit++) {
        assertThat(consistent(a, b, flip(oldRoot, bit), newRoot, proof)).isFalse();
        assertThat(consistent(a, b, oldRoot, flip(newRoot, bit), proof)).isFalse();
      }
    }
  }

  @Test
  void refusesConsistencyProofsForOtherSizesRootsOrShapes() {
    for (long b = 1; b <= 40; b++) {
      for (long a = 0; a <= b; a++) {
        byte[] oldRoot = TREE.rootHash(a);
        byte[] newRoot = TREE.rootHash(b);
        List<byte[]> proof = TREE.consistencyProof(a, b);
        // Every other claim about sizes 0..41, unless this very proof is also that claim's proof
        // (two empty proofs: 0 -> b, or b -> b, are true statements without any proof).
        for (long other = 0; other <= 41; other++) {
          if (other != a && !(other <= b && sameProof(proof, other, b))) {
            assertThat(consistent(other, b, TREE.rootHash(other), newRoot, proof))
                .as("%d -> %d claimed as %d -> %d", a, b, other, b)
                .isFalse();
          }
          if (other != b && !(a <= other && sameProof(proof, a, other))) {
            assertThat(consistent(a, other, oldRoot, TREE.rootHash(other), proof))
                .as("%d -> %d claimed as %d -> %d", a, b, a, other)
                .isFalse();
          }
        }
        assertThat(consistent(a, b, oldRoot, newRoot, extended(proof))).isFalse();
        if (!proof.isEmpty()) {
          assertThat(consistent(a, b, oldRoot, newRoot, truncated(proof))).isFalse();
          assertThat(consistent(a, b, oldRoot, newRoot, withoutFirst(proof))).isFalse();
        }
        if (proof.size() >= 2) {
          assertThat(consistent(a, b, oldRoot, newRoot, reversed(proof))).isFalse();
        }
        if (a < b) {
          assertThat(consistent(b, a, newRoot, oldRoot, proof)).isFalse();
          assertThat(consistent(a, b, newRoot, oldRoot, proof)).isFalse();
        }
      }
    }
  }

  @Test
  void refusesMalformedInputWithoutThrowing() {
    MerkleTree ct = TestTrees.ctTree();
    byte[] leaf = ct.leafHash(5);
    List<byte[]> proof = ct.inclusionProof(5, 8);
    List<byte[]> cproof = ct.consistencyProof(6, 8);
    assertThat(MerkleProofs.verifyInclusion(new byte[31], 5, 8, proof, ctRoot(8))).isFalse();
    assertThat(MerkleProofs.verifyInclusion(leaf, 5, 8, proof, new byte[33])).isFalse();
    assertThat(MerkleProofs.verifyInclusion(null, 5, 8, proof, ctRoot(8))).isFalse();
    assertThat(MerkleProofs.verifyInclusion(leaf, 5, 8, null, ctRoot(8))).isFalse();
    assertThat(MerkleProofs.verifyInclusion(leaf, 5, 8, replaceFirst(proof, null), ctRoot(8)))
        .isFalse();
    assertThat(
            MerkleProofs.verifyInclusion(leaf, 5, 8, replaceFirst(proof, new byte[31]), ctRoot(8)))
        .isFalse();
    assertThat(MerkleProofs.verifyInclusion(leaf, 5, -8, proof, ctRoot(8))).isFalse();
    assertThat(MerkleProofs.verifyConsistency(6, 8, null, ctRoot(8), cproof)).isFalse();
    assertThat(MerkleProofs.verifyConsistency(6, 8, ctRoot(6), new byte[0], cproof)).isFalse();
    assertThat(MerkleProofs.verifyConsistency(6, 8, ctRoot(6), ctRoot(8), null)).isFalse();
    assertThat(MerkleProofs.verifyConsistency(-1, 8, ctRoot(6), ctRoot(8), cproof)).isFalse();
    assertThat(MerkleProofs.verifyConsistency(6, 8, ctRoot(6), ctRoot(8), List.of())).isFalse();
  }

  @Test
  void decidesTheCasesOutsideTheRfcAlgorithmStrictly() {
    byte[] empty = MerkleHashes.emptyRoot();
    assertThat(consistent(0, 8, empty, ctRoot(8), List.of())).isTrue();
    assertThat(consistent(0, 8, ctRoot(1), ctRoot(8), List.of())).isFalse();
    assertThat(consistent(0, 8, empty, ctRoot(8), List.of(ctRoot(8)))).isFalse();
    assertThat(consistent(0, 0, empty, empty, List.of())).isTrue();
    assertThat(consistent(4, 4, ctRoot(4), ctRoot(4), List.of())).isTrue();
    assertThat(consistent(4, 4, ctRoot(4), ctRoot(5), List.of())).isFalse();
    assertThat(consistent(4, 4, ctRoot(4), ctRoot(4), List.of(ctRoot(4)))).isFalse();
  }

  @Test
  void bindsTheSizeOnlyThroughTheRootSoBothMustComeFromOneHead() {
    MerkleTree ct = TestTrees.ctTree();
    List<byte[]> proof = ct.inclusionProof(0, 8);
    // RFC 9162 behaviour, documented rather than hidden: the leaf is truly in the tree of root 8,
    // and the algorithm does not authenticate the size 7 that a careless caller pairs with it.
    assertThat(MerkleProofs.verifyInclusion(ct.leafHash(0), 0, 7, proof, ctRoot(8))).isTrue();
    assertThat(MerkleProofs.verifyInclusion(ct.leafHash(0), 0, 7, proof, ctRoot(7))).isFalse();
  }

  @Test
  void requireMethodsThrowOneVagueError() {
    MerkleTree ct = TestTrees.ctTree();
    List<byte[]> proof = ct.inclusionProof(5, 8);
    MerkleProofs.requireInclusion(ct.leafHash(5), 5, 8, proof, ctRoot(8));
    MerkleProofs.requireConsistency(6, 8, ctRoot(6), ctRoot(8), ct.consistencyProof(6, 8));
    assertThatThrownBy(() -> MerkleProofs.requireInclusion(ct.leafHash(5), 4, 8, proof, ctRoot(8)))
        .isInstanceOf(CryptoException.class)
        .hasMessage("log proof does not verify")
        .extracting(e -> ((CryptoException) e).code())
        .isEqualTo(CryptoException.Code.LOG_VERIFICATION_FAILED);
    assertThatThrownBy(
            () -> MerkleProofs.requireConsistency(8, 6, ctRoot(8), ctRoot(6), List.of(ctRoot(1))))
        .isInstanceOf(CryptoException.class)
        .hasMessage("log proof does not verify");
  }

  private static boolean consistent(
      long a, long b, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    return MerkleProofs.verifyConsistency(a, b, oldRoot, newRoot, proof);
  }

  private static boolean sameProof(List<byte[]> proof, long a, long b) {
    return TestTrees.toHex(proof).equals(TestTrees.toHex(TREE.consistencyProof(a, b)));
  }

  static byte[] flip(byte[] hash, int bit) {
    byte[] out = hash.clone();
    out[bit / 8] ^= (byte) (1 << (bit % 8));
    return out;
  }

  private static List<byte[]> flip(List<byte[]> proof, int element, int bit) {
    List<byte[]> out = new ArrayList<>(proof);
    out.set(element, flip(proof.get(element), bit));
    return out;
  }

  private static List<byte[]> extended(List<byte[]> proof) {
    List<byte[]> out = new ArrayList<>(proof);
    out.add(new byte[MerkleHashes.HASH_LENGTH]);
    return out;
  }

  private static List<byte[]> extendedWith(List<byte[]> proof, List<byte[]> source, int at) {
    if (source.isEmpty()) {
      return extended(proof);
    }
    List<byte[]> out = new ArrayList<>(proof);
    out.add(source.get(at));
    return out;
  }

  private static List<byte[]> truncated(List<byte[]> proof) {
    return proof.subList(0, proof.size() - 1);
  }

  private static List<byte[]> withoutFirst(List<byte[]> proof) {
    return proof.subList(1, proof.size());
  }

  private static List<byte[]> reversed(List<byte[]> proof) {
    List<byte[]> out = new ArrayList<>(proof);
    Collections.reverse(out);
    return out;
  }

  private static List<byte[]> replaceFirst(List<byte[]> proof, byte[] element) {
    List<byte[]> out = new ArrayList<>(proof);
    out.set(0, element);
    return out;
  }
}
