package io.cleanroom.crypto.log;

import io.cleanroom.crypto.json.Digests;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * The Certificate Transparency reference leaves and roots, and seeded random trees.
 *
 * <p>Source of the published values (only the hash values are used here): the RFC 6962 test tree of
 * eight leaves from Certificate Transparency's reference implementation (the C++ {@code
 * merkle_tree_test.cc}), as carried on in {@code github.com/transparency-dev/merkle}, {@code
 * proof/verify_test.go} ({@code leaves}, {@code roots}, {@code inclusionProofs}, {@code
 * consistencyProofs}). RFC 9162 hashes exactly as RFC 6962 does, so they hold for both.
 */
final class TestTrees {

  /** The eight leaves of the CT / RFC 6962 test vectors. */
  static final List<byte[]> CT_LEAVES =
      hex(
          "",
          "00",
          "10",
          "2021",
          "3031",
          "40414243",
          "5051525354555657",
          "606162636465666768696a6b6c6d6e6f");

  /** The published root for each size 0..8 of the tree of {@link #CT_LEAVES}. */
  static final List<String> CT_ROOTS =
      List.of(
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  private TestTrees() {}

  static MerkleTree ctTree() {
    MerkleTree tree = new MerkleTree();
    CT_LEAVES.forEach(tree::append);
    return tree;
  }

  static byte[] ctRoot(int size) {
    return Digests.fromHex(CT_ROOTS.get(size));
  }

  /** Leaf data that looks like the log's: canonical-JSON-ish events of varying length. */
  static List<byte[]> randomLeaves(int n, long seed) {
    Random random = new Random(seed);
    List<byte[]> leaves = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] leaf = new byte[random.nextInt(64)];
      random.nextBytes(leaf);
      leaves.add(leaf);
    }
    return leaves;
  }

  static MerkleTree treeOf(List<byte[]> leaves) {
    MerkleTree tree = new MerkleTree();
    leaves.forEach(tree::append);
    return tree;
  }

  static List<byte[]> hex(String... values) {
    List<byte[]> out = new ArrayList<>();
    for (String v : values) {
      out.add(HexFormat.of().parseHex(v));
    }
    return List.copyOf(out);
  }

  static List<String> toHex(List<byte[]> hashes) {
    return hashes.stream().map(Digests::hex).toList();
  }
}
