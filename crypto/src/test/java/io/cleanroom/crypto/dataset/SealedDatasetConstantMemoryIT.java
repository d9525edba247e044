package io.cleanroom.crypto.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seals and opens 512 MiB of rows in a JVM whose heap is 48 MiB and whose direct memory is 128 MiB:
 * both directions stream with constant memory (the same holds for 10 GB in a 256 MB heap, see
 * docs/benchmarks.md).
 */
class SealedDatasetConstantMemoryIT {

  @TempDir Path dir;

  @Test
  void sealsAndOpensTenTimesTheHeapInConstantMemory() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx48m", "-XX:MaxDirectMemorySize=128m"));
    cmd.addAll(List.of("--add-opens=java.base/java.nio=ALL-UNNAMED"));
    if (Runtime.version().feature() >= 24) {
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            StreamingRoundTrip.class.getName(),
            "512",
            dir.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    String[] fields = out.strip().split("\\s+");
    long sealedBytes = Long.parseLong(fields[fields.length - 2]);
    assertThat(sealedBytes).as("the sealed file holds the whole 512 MiB").isGreaterThan(500L << 20);
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("big.sealed");
    }
  }
}
