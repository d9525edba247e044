package io.cleanroom.crypto.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.CryptoException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TreeHeadTest {

  private static final Instant AT = Instant.parse("2026-12-05T09:00:00.123456Z");
  private static final String CANONICAL =
      "{\"format\":\"cleanroom.tree-head.v1\","
          + "\"rootHash\":\"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328\","
          + "\"size\":8,\"timestamp\":1796461200123}";

  @Test
  void signsTheCanonicalJsonOfSizeRootAndMillisecondTimestamp() {
    TreeHead head = TestTrees.ctTree().head(AT);
    assertThat(new String(head.signingInput(), StandardCharsets.UTF_8)).isEqualTo(CANONICAL);
    assertThat(head.timestamp()).isEqualTo(Instant.parse("2026-12-05T09:00:00.123Z"));
  }

  @Test
  void readsBackExactlyWhatItWrote() {
    TreeHead head = TestTrees.ctTree().head(AT);
    assertThat(TreeHead.fromJson(head.signingInput())).isEqualTo(head);
    assertThat(TreeHead.fromJson(CANONICAL.getBytes(StandardCharsets.UTF_8))).isEqualTo(head);
  }

  @Test
  void refusesHeadsThatAreNotCanonicalOrNotHeads() {
    for (String bad :
        new String[] {
          CANONICAL.replace("{\"format\"", "{ \"format\""),
          CANONICAL.replace("5dc9", "5DC9"),
          CANONICAL.replace("v1", "v2"),
          CANONICAL.replace("\"size\":8", "\"size\":-8"),
          CANONICAL.replace("\"size\":8", "\"size\":8.5"),
          CANONICAL.replace("\"size\":8", "\"size\":\"8\""),
          CANONICAL.replace("\"size\":8,", ""),
          CANONICAL.replace("}", ",\"extra\":1}"),
          CANONICAL.replace("5dc9da79", "5dc9da"),
          "[]"
        }) {
      assertThatThrownBy(() -> TreeHead.fromJson(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad)
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void copiesTheRootHashInAndOut() {
    byte[] root = TestTrees.ctRoot(8);
    TreeHead head = new TreeHead(8, root, AT);
    root[0] ^= 1;
    head.rootHash()[1] ^= 1;
    assertThat(head.rootHash()).isEqualTo(TestTrees.ctRoot(8));
  }

  @Test
  void refusesImpossibleHeads() {
    byte[] root = TestTrees.ctRoot(8);
    assertThatThrownBy(() -> new TreeHead(-1, root, AT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TreeHead(8, new byte[31], AT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TreeHead(8, root, Instant.EPOCH.minusMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TreeHead(8, root, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalHeadsAreEqualAndShowTheirRootInHex() {
    TreeHead a = new TreeHead(8, TestTrees.ctRoot(8), AT);
    TreeHead b = new TreeHead(8, TestTrees.ctRoot(8), AT);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new TreeHead(7, TestTrees.ctRoot(8), AT));
    assertThat(a.toString()).contains("5dc9da79");
  }
}
