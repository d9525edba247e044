package io.cleanroom.crypto.log;

import static io.cleanroom.crypto.log.TestTrees.CT_LEAVES;
import static io.cleanroom.crypto.log.TestTrees.CT_ROOTS;
import static io.cleanroom.crypto.log.TestTrees.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.json.Digests;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

  private static final String LEAF_1 =
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7";
  private static final String NODE_2_4 =
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e";
  private static final String NODE_4_8 =
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4";
  private static final String LEAF_4 =
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b";
  private static final String NODE_6_8 =
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0";
  private static final String NODE_0_4 =
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7";
  private static final String NODE_4_6 =
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a";
  private static final String LEAF_6 =
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f";

  @Test
  void matchesTheCertificateTransparencyRootForEverySizeAsLeavesArrive() {
    MerkleTree tree = new MerkleTree();
    assertThat(Digests.hex(tree.rootHash())).isEqualTo(CT_ROOTS.get(0));
    for (int i = 0; i < CT_LEAVES.size(); i++) {
      assertThat(tree.append(CT_LEAVES.get(i))).isEqualTo(i);
      assertThat(tree.size()).isEqualTo(i + 1);
      assertThat(Digests.hex(tree.rootHash())).isEqualTo(CT_ROOTS.get(i + 1));
    }
  }

  @Test
  void answersTheRootOfEveryEarlierSize() {
    MerkleTree tree = TestTrees.ctTree();
    for (int size = 0; size <= 8; size++) {
      assertThat(Digests.hex(tree.rootHash(size))).isEqualTo(CT_ROOTS.get(size));
    }
  }

  @Test
  void producesTheCertificateTransparencyInclusionProofs() {
    MerkleTree tree = TestTrees.ctTree();
    assertThat(toHex(tree.inclusionProof(0, 8))).containsExactly(LEAF_1, NODE_2_4, NODE_4_8);
    assertThat(toHex(tree.inclusionProof(5, 8))).containsExactly(LEAF_4, NODE_6_8, NODE_0_4);
    assertThat(tree.inclusionProof(0, 1)).isEmpty();
    assertThat(toHex(tree.inclusionProof(2, 3))).containsExactly(CT_ROOTS.get(2));
    assertThat(toHex(tree.inclusionProof(1, 5))).containsExactly(CT_ROOTS.get(1), NODE_2_4, LEAF_4);
  }

  @Test
  void producesTheCertificateTransparencyConsistencyProofs() {
    MerkleTree tree = TestTrees.ctTree();
    assertThat(toHex(tree.consistencyProof(1, 8))).containsExactly(LEAF_1, NODE_2_4, NODE_4_8);
    assertThat(toHex(tree.consistencyProof(2, 8))).containsExactly(NODE_2_4, NODE_4_8);
    assertThat(toHex(tree.consistencyProof(6, 8))).containsExactly(NODE_4_6, NODE_6_8, NODE_0_4);
    assertThat(toHex(tree.consistencyProof(2, 5))).containsExactly(NODE_2_4, LEAF_4);
    assertThat(toHex(tree.consistencyProof(6, 7))).containsExactly(NODE_4_6, LEAF_6, NODE_0_4);
    assertThat(tree.consistencyProof(0, 8)).isEmpty();
    assertThat(tree.consistencyProof(8, 8)).isEmpty();
  }

  @Test
  void agreesWithTheLiteralRfcDefinitionsForEverySizeIndexAndPairUpTo70() {
    List<byte[]> leaves = TestTrees.randomLeaves(70, 1);
    MerkleTree tree = TestTrees.treeOf(leaves);
    List<byte[]> hashes = leafHashes(tree);
    for (int n = 0; n <= 70; n++) {
      List<byte[]> prefix = hashes.subList(0, n);
      assertThat(tree.rootHash(n)).isEqualTo(ReferenceMerkle.mth(prefix));
      for (int m = 0; m < n; m++) {
        assertThat(toHex(tree.inclusionProof(m, n)))
            .as("PATH(%d, D[%d])", m, n)
            .isEqualTo(toHex(ReferenceMerkle.path(m, prefix)));
      }
      for (int m = 1; m < n; m++) {
        assertThat(toHex(tree.consistencyProof(m, n)))
            .as("PROOF(%d, D[%d])", m, n)
            .isEqualTo(toHex(ReferenceMerkle.proof(m, prefix)));
      }
    }
  }

  @Test
  void agreesWithTheLiteralRfcDefinitionsOnSampledProofsOfALargerTree() {
    int n = 3000;
    MerkleTree tree = TestTrees.treeOf(TestTrees.randomLeaves(n, 2));
    List<byte[]> hashes = leafHashes(tree);
    Random random = new Random(3);
    for (int i = 0; i < 40; i++) {
      int size = 1 + random.nextInt(n);
      int m = random.nextInt(size);
      List<byte[]> prefix = hashes.subList(0, size);
      assertThat(toHex(tree.inclusionProof(m, size)))
          .isEqualTo(toHex(ReferenceMerkle.path(m, prefix)));
      if (m > 0) {
        assertThat(toHex(tree.consistencyProof(m, size)))
            .isEqualTo(toHex(ReferenceMerkle.proof(m, prefix)));
      }
    }
  }

  @Test
  void rebuildsTheSameTreeFromStoredLeafHashes() {
    MerkleTree tree = TestTrees.ctTree();
    MerkleTree rebuilt = new MerkleTree();
    leafHashes(tree).forEach(rebuilt::appendLeafHash);
    assertThat(rebuilt.rootHash()).isEqualTo(tree.rootHash());
  }

  @Test
  void refusesSizesAndIndexesOutsideTheTree() {
    MerkleTree tree = TestTrees.ctTree();
    assertThatThrownBy(() -> tree.rootHash(9)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.rootHash(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.inclusionProof(8, 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.inclusionProof(-1, 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.inclusionProof(0, 9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.consistencyProof(5, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.consistencyProof(0, 9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.appendLeafHash(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void provesEveryKindOfClaimInAMillionLeafTree() {
    int n = 1 << 20;
    MerkleTree tree = new MerkleTree();
    byte[] leaf = new byte[8];
    for (int i = 0; i < n; i++) {
      leaf[0] = (byte) i;
      leaf[1] = (byte) (i >>> 8);
      leaf[2] = (byte) (i >>> 16);
      tree.append(leaf);
    }
    byte[] root = tree.rootHash();
    Random random = new Random(4);
    for (int i = 0; i < 1000; i++) {
      long size = 1 + random.nextInt(n);
      long index = random.nextInt((int) size);
      byte[] sizeRoot = tree.rootHash(size);
      List<byte[]> inclusion = tree.inclusionProof(index, size);
      assertThat(inclusion).hasSizeLessThanOrEqualTo(20);
      assertThat(
              MerkleProofs.verifyInclusion(tree.leafHash(index), index, size, inclusion, sizeRoot))
          .isTrue();
      assertThat(
              MerkleProofs.verifyConsistency(
                  size, n, sizeRoot, root, tree.consistencyProof(size, n)))
          .isTrue();
    }
    // Speed is not asserted here (no timed unit tests); proofs stay logarithmic in size.
  }

  private static List<byte[]> leafHashes(MerkleTree tree) {
    List<byte[]> hashes = new ArrayList<>();
    for (long i = 0; i < tree.size(); i++) {
      hashes.add(tree.leafHash(i));
    }
    return hashes;
  }
}
