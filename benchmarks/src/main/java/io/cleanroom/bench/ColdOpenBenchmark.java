package io.cleanroom.bench;

import io.cleanroom.crypto.dataset.CryptoWarmUp;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.DatasetKeyFile;
import io.cleanroom.crypto.dataset.SealedDatasetReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom bench cold-open}: how long the first opens of a sealed file take in a fresh JVM,
 * with and without the AES-GCM warm-up an enclave runs at start ({@link CryptoWarmUp}). Run it
 * twice, once with {@code --crypto-warm-up}: the JIT state is the process's, so the comparison
 * needs two processes. The data comes from {@code cleanroom example generate}, made by another
 * process so that sealing does not warm this one.
 */
@Command(
    name = "cold-open",
    mixinStandardHelpOptions = true,
    description =
        "Time the first opens of a sealed file in this fresh JVM (with or without warm-up).")
public final class ColdOpenBenchmark implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      description = "A directory from cleanroom example generate (visits.sealed, visits.key).")
  Path data;

  @Option(
      names = "--opens",
      defaultValue = "10",
      description = "Opens (default: ${DEFAULT-VALUE}).")
  int opens;

  @Option(names = "--crypto-warm-up", description = "Run CryptoWarmUp.run(5000) first.")
  boolean warmUp;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path file = data.resolve("visits.sealed");
    if (warmUp) {
      out.printf(Locale.ROOT, "AES-GCM warm-up: %d ms%n", CryptoWarmUp.run(5_000));
    }
    try (DatasetKey key = DatasetKeyFile.read(data.resolve("visits.key"));
        BufferAllocator allocator = new RootAllocator()) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < opens; i++) {
        long t0 = System.nanoTime();
        long rows = 0;
        try (SealedDatasetReader r = SealedDatasetReader.open(file);
            var s = r.openAll(key, allocator)) {
          while (s.loadNextBatch()) {
            rows += s.getVectorSchemaRoot().getRowCount();
          }
        }
        line.append(String.format(Locale.ROOT, " %.0f", (System.nanoTime() - t0) / 1e6));
        if (i == 0) {
          out.printf(
              Locale.ROOT,
              "%s: %,d rows, %.0f MB sealed; all columns opened %d times%n",
              file,
              rows,
              Files.size(file) / 1e6,
              opens);
        }
      }
      out.println("ms per open:" + line);
    }
    return 0;
  }
}
