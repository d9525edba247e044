package io.cleanroom.crypto.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file source and a memory source return the same bytes for every read. */
class ByteSourceTest {

  @TempDir Path dir;

  private final byte[] bytes = new byte[100_000];

  ByteSourceTest() {
    new Random(3).nextBytes(bytes);
  }

  @Test
  void fileAndMemorySourcesReadTheSameBytesAtAnyPosition() throws Exception {
    Path file = Files.write(dir.resolve("f"), bytes);
    try (ByteSource f = ByteSource.of(file);
        ByteSource m = ByteSource.of(ByteBuffer.wrap(bytes))) {
      assertThat(f.size()).isEqualTo(m.size()).isEqualTo(bytes.length);
      for (int position : new int[] {0, 1, 4095, 65_536, 99_999}) {
        assertThat(readAt(f, position, 10_000)).isEqualTo(readAt(m, position, 10_000));
      }
    }
  }

  @Test
  void aReadEndsAtTheEndOfTheFileAndReturnsMinusOneBeyond() throws Exception {
    Path file = Files.write(dir.resolve("f"), bytes);
    try (ByteSource f = ByteSource.of(file)) {
      ByteBuffer dst = ByteBuffer.allocate(500).position(7);
      assertThat(f.read(dst, bytes.length - 100)).isEqualTo(100);
      assertThat(dst.position()).isEqualTo(107);
      assertThat(dst.limit()).isEqualTo(500);
      assertThat(Arrays.copyOfRange(dst.array(), 7, 107))
          .isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 100, bytes.length));
      assertThat(f.read(ByteBuffer.allocate(10), bytes.length)).isEqualTo(-1);
    }
  }

  private static byte[] readAt(ByteSource s, long position, int length) throws Exception {
    ByteBuffer dst = ByteBuffer.allocate(length);
    while (dst.hasRemaining()) {
      if (s.read(dst, position + dst.position()) < 0) {
        break;
      }
    }
    return Arrays.copyOf(dst.array(), dst.position());
  }
}
