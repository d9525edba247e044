package io.cleanroom.bench;

import io.cleanroom.cli.example.GenerateCommand;
import io.cleanroom.crypto.dataset.CryptoWarmUp;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.DatasetKeyFile;
import io.cleanroom.crypto.dataset.SealedDatasetReader;
import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.query.exec.ArrowIpcDatasetSource;
import io.cleanroom.query.exec.DatasetSource;
import io.cleanroom.query.exec.ExecutionLimits;
import io.cleanroom.query.exec.QueryExecutor;
import io.cleanroom.query.exec.QueryResult;
import io.cleanroom.query.exec.SealedDatasetSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom bench sealed-query}: what sealing costs a query, as the enclave runs it. The
 * clean-room queries run with the same engine over the same rows twice per round: from plaintext
 * Arrow IPC files, and from the sealed files (the SHA-256 of each sealed file read is checked
 * against the contract, then the columns the query reads are decrypted), as the enclave does once
 * it holds the keys. Key release and attestation are not in these figures: the key broker's load
 * test measures them (docs/benchmarks.md#key-broker).
 */
@Command(
    name = "sealed-query",
    mixinStandardHelpOptions = true,
    description =
        "Clean-room queries on sealed files (digest check + decryption) vs plaintext Arrow files.")
public final class SealedQueryBenchmark implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "10000000",
      description = "Visits; patients are one in ten (default: ${DEFAULT-VALUE}).")
  long rows;

  /** --threads, --runs and --queries, as the engine benchmarks take them. */
  @Mixin EngineRunOptions options;

  @Option(
      names = "--warmups",
      defaultValue = "3",
      description = "Untimed rounds first (the JIT compiles the decryption's intrinsics).")
  int warmups;

  @Option(
      names = "--crypto-warm-up",
      description =
          "Run the enclave's start-up AES-GCM warm-up (CryptoWarmUp) before the first round.")
  boolean cryptoWarmUp;

  @Option(
      names = "--dir",
      description = "Where to write the files (default: a temporary directory, deleted after).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean temporary = dir == null;
    Path work = temporary ? Files.createTempDirectory("cleanroom-bench-sealed") : dir;
    try {
      return run(work, out);
    } finally {
      if (temporary) {
        try (var files = Files.walk(work)) {
          for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  private int run(Path work, PrintWriter out) throws Exception {
    int rc =
        new CommandLine(new GenerateCommand())
            .setOut(new PrintWriter(OutputStream.nullOutputStream()))
            .execute("--rows", Long.toString(rows), "--out", work.toString(), "--force");
    if (rc != 0) {
      throw new IllegalStateException("generating the example data failed");
    }
    Contract contract = ContractParser.read(work.resolve("contract.json"));
    Map<String, Path> sealed = new LinkedHashMap<>();
    Map<String, Path> plain = new LinkedHashMap<>();
    Map<String, Long> rowCounts = new LinkedHashMap<>();
    Map<String, DatasetKey> keys = new LinkedHashMap<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      for (String id : List.of("visits", "accounts")) {
        sealed.put(id, work.resolve(id + ".sealed"));
        keys.put(id, DatasetKeyFile.read(work.resolve(id + ".key")));
        plain.put(id, work.resolve(id + ".arrows"));
        rowCounts.put(id, writePlain(sealed.get(id), keys.get(id), plain.get(id), allocator));
      }
      out.printf(
          Locale.ROOT,
          "sealed vs plaintext: visits %,d rows (%.0f MB sealed), accounts %,d rows (%.0f MB"
              + " sealed); median of %d rounds after %d untimed, each running plaintext then sealed%n",
          rowCounts.get("visits"),
          Files.size(sealed.get("visits")) / 1e6,
          rowCounts.get("accounts"),
          Files.size(sealed.get("accounts")) / 1e6,
          options.runs,
          warmups);
      if (cryptoWarmUp) {
        out.printf(Locale.ROOT, "AES-GCM warm-up: %d ms%n", CryptoWarmUp.run(20_000));
      }
      QueryChecker checker = new QueryChecker(contract, rowCounts);
      for (int t : options.threads) {
        ExecutionLimits limits = new ExecutionLimits(8L << 30, Duration.ofMinutes(30), t);
        out.printf(Locale.ROOT, "%n%d thread(s)%n", t);
        out.printf(
            Locale.ROOT,
            "%-12s %10s %10s %8s %6s %5s%n",
            "query",
            "plain s",
            "sealed s",
            "ratio",
            "rows",
            "same");
        double logSum = 0;
        double worst = 0;
        int count = 0;
        for (String[] q : CleanroomBenchmark.QUERIES) {
          if (options.only != null && !options.only.contains(q[0])) {
            continue;
          }
          count++;
          CheckedQuery checked = checker.check(q[1]);
          if (checked.plan().isEmpty()) {
            throw new IllegalStateException("the contract refuses " + q[0]);
          }
          List<String> read =
              checked.report().datasets().stream().map(d -> d.dataset()).distinct().toList();
          Map<String, Path> sealedRead = new LinkedHashMap<>();
          read.forEach(id -> sealedRead.put(id, sealed.get(id)));
          QueryResult[] last = new QueryResult[2];
          double[][] times = new double[2][options.runs];
          for (int round = -warmups; round < options.runs; round++) { // negative rounds warm up
            for (int side = 0; side < 2; side++) {
              DatasetSource source =
                  side == 0
                      ? new ArrowIpcDatasetSource(plain)
                      : null; // the sealed source checks digests when made: inside the timing
              long t0 = System.nanoTime();
              if (side == 1) {
                source = SealedDatasetSource.forContract(contract, sealedRead, keys);
              }
              last[side] = new QueryExecutor(allocator, limits).execute(checked, source);
              if (round >= 0) {
                times[side][round] = (System.nanoTime() - t0) / 1e9;
              }
            }
          }
          double p = median(times[0]);
          double s = median(times[1]);
          double ratio = s / p;
          logSum += Math.log(ratio);
          worst = Math.max(worst, ratio);
          out.printf(
              Locale.ROOT,
              "%-12s %10.3f %10.3f %8.2f %6d %5s%n",
              q[0],
              p,
              s,
              ratio,
              last[1].rows().size(),
              Results.sameRows(last[0].rows(), last[1].rows()) ? "yes" : "NO");
          out.flush();
        }
        out.printf(
            Locale.ROOT,
            "geometric mean sealed / plain %.3f, worst %.3f (goal <= 1.10)%n",
            Math.exp(logSum / Math.max(1, count)),
            worst);
      }
      out.printf(Locale.ROOT, "load average at the end: %.2f%n", Load.average());
    } finally {
      keys.values().forEach(DatasetKey::close);
    }
    return 0;
  }

  /** Opens a sealed file and writes its batches as a plaintext Arrow IPC stream; counts rows. */
  private static long writePlain(Path sealed, DatasetKey key, Path out, BufferAllocator allocator)
      throws IOException {
    long n = 0;
    try (SealedDatasetReader r = SealedDatasetReader.open(sealed);
        var batches = r.openAll(key, allocator);
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(batches.fields()), allocator);
        OutputStream os = Files.newOutputStream(out);
        ArrowStreamWriter w = new ArrowStreamWriter(root, null, os)) {
      w.start();
      VectorLoader loader = new VectorLoader(root);
      while (batches.loadNextBatch()) {
        VectorSchemaRoot batch = batches.getVectorSchemaRoot();
        try (ArrowRecordBatch rb = new VectorUnloader(batch).getRecordBatch()) {
          loader.load(rb);
        }
        n += batch.getRowCount();
        w.writeBatch();
      }
      w.end();
    }
    return n;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
