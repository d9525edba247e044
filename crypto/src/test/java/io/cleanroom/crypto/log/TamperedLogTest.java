package io.cleanroom.crypto.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How an edited or deleted database row is caught: once a head is published, no tree rebuilt from
 * altered leaves can produce a proof that verifies against it.
 */
class TamperedLogTest {

  private static final int N = 300;
  private static final List<byte[]> EVENTS = events(N + 50);
  private static final MerkleTree HONEST = TestTrees.treeOf(EVENTS.subList(0, N));
  private static final TreeHead PUBLISHED = HONEST.head(Instant.parse("2026-12-05T09:00:00Z"));

  @Test
  void anEditedEventChangesTheRootAndNoProofFromTheEditedLogVerifies() {
    for (int edited : new int[] {0, 1, 127, 128, 255, N - 1}) {
      List<byte[]> leaves = new ArrayList<>(EVENTS);
      leaves.set(
          edited,
          "{\"event\":\"result downloaded\",\"by\":\"nobody\"}".getBytes(StandardCharsets.UTF_8));
      assertCaughtAgainstPublishedHead(TestTrees.treeOf(leaves), edited);
    }
  }

  @Test
  void aDeletedEventChangesTheRootAndNoProofFromTheShortenedLogVerifies() {
    for (int deleted : new int[] {0, 100, 256, N - 1}) {
      List<byte[]> leaves = new ArrayList<>(EVENTS);
      leaves.remove(deleted);
      assertCaughtAgainstPublishedHead(TestTrees.treeOf(leaves), deleted);
    }
  }

  @Test
  void theHonestLogStillProvesEveryEventAndItsGrowth() {
    MerkleTree grown = TestTrees.treeOf(EVENTS);
    byte[] root = PUBLISHED.rootHash();
    for (long i = 0; i < N; i++) {
      byte[] leaf = MerkleHashes.leafHash(EVENTS.get((int) i));
      assertThat(MerkleProofs.verifyInclusion(leaf, i, N, grown.inclusionProof(i, N), root))
          .isTrue();
    }
    assertThat(
            MerkleProofs.verifyConsistency(
                N, grown.size(), root, grown.rootHash(), grown.consistencyProof(N, grown.size())))
        .isTrue();
  }

  private static void assertCaughtAgainstPublishedHead(MerkleTree tampered, int changed) {
    byte[] published = PUBLISHED.rootHash();
    assertThat(tampered.rootHash(N)).isNotEqualTo(published);
    // The tampered log cannot show that its present state extends the published head ...
    long size = tampered.size();
    assertThat(
            MerkleProofs.verifyConsistency(
                N, size, published, tampered.rootHash(), tampered.consistencyProof(N, size)))
        .isFalse();
    // ... nor that any event, changed or not, is in the published tree.
    for (long i = 0; i < N; i++) {
      byte[] leaf = tampered.leafHash(i);
      assertThat(MerkleProofs.verifyInclusion(leaf, i, N, tampered.inclusionProof(i, N), published))
          .as("event %d after changing %d", i, changed)
          .isFalse();
    }
    // And the original event is still proven only by the honest log.
    byte[] original = MerkleHashes.leafHash(EVENTS.get(changed));
    assertThat(
            MerkleProofs.verifyInclusion(
                original, changed, N, HONEST.inclusionProof(changed, N), published))
        .isTrue();
  }

  private static List<byte[]> events(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          ("{\"event\":\"query approved\",\"seq\":" + i + "}").getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }
}
