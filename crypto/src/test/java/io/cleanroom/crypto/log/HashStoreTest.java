package io.cleanroom.crypto.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class HashStoreTest {

  @Test
  void returnsEveryHashAcrossGrowthStepsAndChunkBoundaries() {
    HashStore store = new HashStore();
    int n = 3 * (1 << 15) + 17;
    for (int i = 0; i < n; i++) {
      store.add(hashOf(i));
    }
    assertThat(store.size()).isEqualTo(n);
    for (int i = 0; i < n; i++) {
      assertThat(store.get(i)).isEqualTo(hashOf(i));
    }
    assertThatThrownBy(() -> store.get(n)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> store.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  private static byte[] hashOf(int i) {
    return ByteBuffer.allocate(MerkleHashes.HASH_LENGTH).putInt(0, i).putInt(28, ~i).array();
  }
}
