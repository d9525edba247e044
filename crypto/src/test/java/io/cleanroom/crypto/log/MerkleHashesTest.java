package io.cleanroom.crypto.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.crypto.json.Digests;
import org.junit.jupiter.api.Test;

class MerkleHashesTest {

  @Test
  void theEmptyTreeHashesLikeTheEmptyString() {
    assertThat(Digests.hex(MerkleHashes.emptyRoot()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void aLeafIsPrefixedWithZeroAndANodeWithOne() {
    byte[] leaf = {0x10, 0x20};
    assertThat(MerkleHashes.leafHash(leaf))
        .isEqualTo(Digests.sha256(new byte[] {0x00, 0x10, 0x20}));
    byte[] l = MerkleHashes.leafHash(new byte[] {1});
    byte[] r = MerkleHashes.leafHash(new byte[] {2});
    byte[] joined = new byte[65];
    joined[0] = 0x01;
    System.arraycopy(l, 0, joined, 1, 32);
    System.arraycopy(r, 0, joined, 33, 32);
    assertThat(MerkleHashes.nodeHash(l, r)).isEqualTo(Digests.sha256(joined));
  }

  @Test
  void aNodeCannotPassForALeafWithTheSameBytes() {
    byte[] l = MerkleHashes.leafHash(new byte[] {1});
    byte[] r = MerkleHashes.leafHash(new byte[] {2});
    byte[] concatenated = new byte[64];
    System.arraycopy(l, 0, concatenated, 0, 32);
    System.arraycopy(r, 0, concatenated, 32, 32);
    assertThat(MerkleHashes.leafHash(concatenated)).isNotEqualTo(MerkleHashes.nodeHash(l, r));
  }

  @Test
  void theEmptyRootIsAFreshCopy() {
    MerkleHashes.emptyRoot()[0] ^= 1;
    assertThat(Digests.hex(MerkleHashes.emptyRoot())).startsWith("e3b0");
  }
}
