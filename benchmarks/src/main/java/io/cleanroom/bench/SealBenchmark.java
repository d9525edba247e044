package io.cleanroom.bench;

import io.cleanroom.crypto.arrow.ArrowValidation;
import io.cleanroom.crypto.dataset.ByteSource;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.SealedBatchStream;
import io.cleanroom.crypto.dataset.SealedDatasetReader;
import io.cleanroom.crypto.dataset.SealedDatasetWriter;
import io.cleanroom.crypto.dataset.SealedHeader.ColumnSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom bench seal}: sealing and opening throughput of the sealed dataset format against
 * the raw JCA AES-GCM ceiling on the same bytes and against reading the same data as a plain Arrow
 * IPC file, all in one run.
 */
@Command(
    name = "seal",
    mixinStandardHelpOptions = true,
    description = "Seal/open throughput vs raw AES-GCM and plain Arrow IPC, measured in one run.")
public final class SealBenchmark implements Callable<Integer> {

  private static final Schema SCHEMA =
      new Schema(
          List.of(
              new ColumnSpec("id", "int64", false).field(),
              new ColumnSpec("age", "int32", false).field(),
              new ColumnSpec("cost", "float64", false).field(),
              new ColumnSpec("day", "date32", false).field(),
              new ColumnSpec("amount", "decimal(12,2)", false).field(),
              new ColumnSpec("name", "utf8", false).field()));

  @Spec CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "4000000",
      description = "Rows (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(
      names = "--batch-rows",
      defaultValue = "65536",
      description = "Rows per batch (default: ${DEFAULT-VALUE}).")
  int batchRows;

  @Option(
      names = "--runs",
      defaultValue = "5",
      description = "Timed runs per figure; the median is shown.")
  int runs;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "Threads for the parallel figures (default: all cores).")
  int threads;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int cores = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    Path dir = Files.createTempDirectory("cleanroom-bench-seal");
    try (BufferAllocator allocator = new RootAllocator();
        DatasetKey key = DatasetKey.generate()) {
      List<VectorSchemaRoot> batches = makeBatches(allocator);
      try {
        byte[] plainIpc = plainIpc(batches, allocator);
        byte[] sealed = seal(batches, key, 1);
        Path plainFile = dir.resolve("plain.arrow");
        Path sealedFile = dir.resolve("data.sealed");
        Files.write(plainFile, plainIpc);
        Files.write(sealedFile, sealed);
        double mb = plainIpc.length / 1e6;
        out.printf(
            Locale.ROOT,
            "data: %,d rows x %d columns, %.1f MB as Arrow IPC, %.1f MB sealed; %d runs, median%n",
            rows,
            SCHEMA.getFields().size(),
            mb,
            sealed.length / 1e6,
            runs);

        RawGcm gcm = new RawGcm();
        Timer.Result aesEnc = Timer.measure(1, runs, () -> gcm.encrypt(plainIpc));
        Timer.Result seal1 = Timer.measure(1, runs, () -> seal(batches, key, 1).length);
        Timer.Result sealN = Timer.measure(1, runs, () -> seal(batches, key, cores).length);
        // The figures that goals compare are measured interleaved, round by round, so that load
        // from other processes weighs on both sides of every ratio alike.
        Interleaved opens = new Interleaved(runs);
        Interleaved.Figure aesDec = opens.add(gcm::decrypt);
        Interleaved.Figure aesDecCopy = opens.add(gcm::decryptToOffHeap);
        Interleaved.Figure mem1 = opens.add(() -> open(memory(sealed), key, allocator, all(), 1));
        Interleaved.Figure memN =
            opens.add(() -> open(memory(sealed), key, allocator, all(), cores));
        Interleaved.Figure fileN =
            opens.add(() -> open(file(sealedFile), key, allocator, all(), cores));
        Interleaved.Figure plain = opens.add(() -> readPlain(plainFile, allocator, true));
        Interleaved.Figure plainUnchecked = opens.add(() -> readPlain(plainFile, allocator, false));
        Interleaved.Figure twoN =
            opens.add(() -> open(file(sealedFile), key, allocator, List.of("age", "cost"), cores));
        opens.run();
        double twoMb = columnBytes(sealedFile, List.of("age", "cost")) / 1e6;

        out.println();
        out.printf(
            Locale.ROOT, "%-60s %8s %8s %9s%n", "figure (median)", "wall s", "CPU s", "GB/CPU-s");
        row(out, "raw JCA AES-GCM encrypt, 1 MiB segments", aesEnc, mb);
        row(out, "raw JCA AES-GCM decrypt, 1 MiB segments", aesDec.result(), mb);
        row(
            out,
            "raw decrypt + copy to off-heap memory (Arrow's buffers)",
            aesDecCopy.result(),
            mb);
        row(out, "seal: Arrow batches -> sealed bytes in memory, 1 thread", seal1, mb);
        row(out, "seal: same, " + cores + " threads", sealN, mb);
        row(out, "open: sealed bytes in memory -> Arrow batches, 1 thread", mem1.result(), mb);
        row(out, "open: same, " + cores + " threads", memN.result(), mb);
        row(out, "open: sealed file -> Arrow batches, " + cores + " threads", fileN.result(), mb);
        row(out, "read: plain Arrow IPC file -> validated Arrow batches", plain.result(), mb);
        row(
            out,
            "read: same, batches not validated (Arrow Java alone)",
            plainUnchecked.result(),
            mb);
        row(
            out,
            "open: 2 of 6 columns (age, cost) of the sealed file, " + cores + " thr.",
            twoN.result(),
            twoMb);

        out.println();
        out.printf(Locale.ROOT, "%-66s %7s %s%n", "ratio", "value", "goal");
        double decRatio = aesDec.result().cpu() / mem1.result().cpu();
        ratio(
            out,
            "open from memory / raw AES-GCM decrypt, throughput per CPU-second",
            decRatio,
            ">= 0.70",
            decRatio >= 0.70);
        ratio(
            out,
            "  open from memory / (raw decrypt + copy to off-heap), per CPU-s",
            aesDecCopy.result().cpu() / mem1.result().cpu(),
            "",
            true);
        double perCore = mb / 1e3 / mem1.result().cpu();
        ratio(
            out,
            "open from memory, GB per CPU-second (one core)",
            perCore,
            ">= 1.0",
            perCore >= 1.0);
        ratio(
            out,
            "seal to memory / raw AES-GCM encrypt, throughput per CPU-second",
            aesEnc.cpu() / seal1.cpu(),
            "",
            true);
        double vsPlain = fileN.result().wall() / plain.result().wall();
        ratio(
            out,
            "open sealed file (" + cores + " threads) / read plain IPC, validated, wall",
            vsPlain,
            "<= 1.2",
            vsPlain <= 1.2);
        ratio(
            out,
            "  the same against the plain read without validation",
            fileN.result().wall() / plainUnchecked.result().wall(),
            "",
            true);
        ratio(
            out,
            "open sealed file (" + cores + " threads) / read plain IPC, validated, CPU",
            fileN.result().cpu() / plain.result().cpu(),
            "",
            true);
        double speedUp = fileN.result().wall() / twoN.result().wall();
        ratio(
            out,
            "open 6 of 6 / open 2 of 6 columns (" + cores + " threads), wall speed-up",
            speedUp,
            ">= 2.5",
            speedUp >= 2.5);
        out.printf(
            Locale.ROOT,
            "load average during the run: %.2f on %d cores (wall figures need a quiet machine)%n",
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage(),
            Runtime.getRuntime().availableProcessors());
      } finally {
        batches.forEach(VectorSchemaRoot::close);
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
    return 0;
  }

  /** Sealed bytes of the named columns' streams. */
  private static long columnBytes(Path file, List<String> columns) {
    try (SealedDatasetReader r = SealedDatasetReader.open(file)) {
      return columns.stream()
          .mapToLong(c -> r.header().layout().ranges().get(r.header().columnIndex(c)).length())
          .sum();
    }
  }

  private static void row(PrintWriter out, String label, Timer.Result r, double mb) {
    out.printf(
        Locale.ROOT, "%-60s %8.3f %8.3f %9.2f%n", label, r.wall(), r.cpu(), mb / 1e3 / r.cpu());
  }

  private static void ratio(PrintWriter out, String label, double value, String goal, boolean met) {
    out.printf(
        Locale.ROOT,
        "%-62s %7.2f %s%s%n",
        label,
        value,
        goal,
        goal.isEmpty() ? "" : met ? "  met" : "  NOT met");
  }

  private static List<String> all() {
    return SCHEMA.getFields().stream().map(f -> f.getName()).toList();
  }

  private List<VectorSchemaRoot> makeBatches(BufferAllocator allocator) {
    Random r = new Random(7);
    List<VectorSchemaRoot> batches = new ArrayList<>();
    for (int start = 0; start < rows; start += batchRows) {
      int n = Math.min(batchRows, rows - start);
      VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
      BigIntVector id = (BigIntVector) root.getVector("id");
      IntVector age = (IntVector) root.getVector("age");
      Float8Vector cost = (Float8Vector) root.getVector("cost");
      DateDayVector day = (DateDayVector) root.getVector("day");
      DecimalVector amount = (DecimalVector) root.getVector("amount");
      VarCharVector name = (VarCharVector) root.getVector("name");
      id.allocateNew(n);
      age.allocateNew(n);
      cost.allocateNew(n);
      day.allocateNew(n);
      amount.allocateNew(n);
      name.allocateNew(14L * n, n);
      for (int i = 0; i < n; i++) {
        id.set(i, start + i);
        age.set(i, 18 + r.nextInt(80));
        cost.set(i, r.nextDouble() * 5000);
        day.set(i, 19_000 + r.nextInt(700));
        amount.set(i, BigDecimal.valueOf(r.nextInt(10_000_000), 2));
        name.setSafe(i, ("patient-" + r.nextInt(100_000)).getBytes(StandardCharsets.UTF_8));
      }
      root.setRowCount(n);
      batches.add(root);
    }
    return batches;
  }

  private static byte[] plainIpc(List<VectorSchemaRoot> batches, BufferAllocator allocator)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (VectorSchemaRoot own = VectorSchemaRoot.create(SCHEMA, allocator);
        ArrowFileWriter w = new ArrowFileWriter(own, null, Channels.newChannel(bytes))) {
      w.start();
      VectorLoader loader = new VectorLoader(own);
      for (VectorSchemaRoot b : batches) {
        try (ArrowRecordBatch batch = new VectorUnloader(b).getRecordBatch()) {
          loader.load(batch);
        }
        w.writeBatch();
      }
      w.end();
    }
    return bytes.toByteArray();
  }

  private static byte[] seal(List<VectorSchemaRoot> batches, DatasetKey key, int threads)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
    try (SealedDatasetWriter w =
        SealedDatasetWriter.builder()
            .datasetId("bench")
            .ownerOrg("bench")
            .collaborationId("bench")
            .schema(SCHEMA)
            .key(key)
            .spoolInMemory()
            .parallelism(threads)
            .build()) {
      for (VectorSchemaRoot b : batches) {
        w.write(b);
      }
      w.finish(Channels.newChannel(bytes));
    }
    return bytes.toByteArray();
  }

  private static ByteSource memory(byte[] sealed) {
    return ByteSource.of(ByteBuffer.wrap(sealed));
  }

  private static ByteSource file(Path sealed) throws java.io.IOException {
    return ByteSource.of(sealed);
  }

  private static long open(
      ByteSource source,
      DatasetKey key,
      BufferAllocator allocator,
      List<String> columns,
      int threads) {
    long rows = 0;
    try (SealedDatasetReader r = SealedDatasetReader.open(source);
        SealedBatchStream s = r.openColumns(key, columns, allocator, threads)) {
      while (s.loadNextBatch()) {
        rows += s.getVectorSchemaRoot().getRowCount();
      }
    }
    return rows;
  }

  /**
   * Reads a plain Arrow IPC file batch by batch; with {@code validate}, checks every batch as the
   * sealed reader does (an engine that reads buffers unchecked must validate any outside input).
   */
  private static long readPlain(Path file, BufferAllocator allocator, boolean validate)
      throws Exception {
    long rows = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
      while (reader.loadNextBatch()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        if (validate) {
          root.getFieldVectors().forEach(ArrowValidation::check);
        }
        rows += root.getRowCount();
      }
    }
    return rows;
  }

  /**
   * Figures measured round-robin: {@link #WARMUP_ROUNDS} warm-up rounds, then {@code runs} rounds
   * in which every figure runs once. One run of a figure repeats its action until it has taken at
   * least {@link #MIN_RUN_SECONDS} (process CPU time ticks in 10 ms steps, so single runs of a few
   * tens of milliseconds would be mostly rounding); results are per action, median over the rounds.
   * The warm-up is long (about 2.4 s per figure) because JIT compilation of the open path still
   * took a third of its CPU time after ten opens, a one-time cost that a long-running reader does
   * not pay per dataset.
   */
  private static final class Interleaved {
    private static final double MIN_RUN_SECONDS = 0.3;
    private static final int WARMUP_ROUNDS = 8;
    private final int runs;
    private final List<Figure> figures = new ArrayList<>();

    Interleaved(int runs) {
      this.runs = runs;
    }

    /** One figure; its result is known after {@link #run}. */
    static final class Figure {
      private final Timer.Action action;
      private int repeat = 1;
      private final List<double[]> samples = new ArrayList<>();

      Figure(Timer.Action action) {
        this.action = action;
      }

      long runRepeated() throws Exception {
        long sink = 0;
        for (int i = 0; i < repeat; i++) {
          sink += action.run();
        }
        return sink;
      }

      Timer.Result result() {
        double[] wall = samples.stream().mapToDouble(w -> w[0]).sorted().toArray();
        double[] cpu = samples.stream().mapToDouble(w -> w[1]).sorted().toArray();
        return new Timer.Result(wall[wall.length / 2], cpu[cpu.length / 2]);
      }
    }

    Figure add(Timer.Action action) {
      Figure f = new Figure(action);
      figures.add(f);
      return f;
    }

    void run() throws Exception {
      for (int warmup = 0; warmup < WARMUP_ROUNDS; warmup++) {
        for (Figure f : figures) {
          Timer.Result r = Timer.measure(0, 1, () -> f.runRepeated());
          double wall = r.wall() / f.repeat;
          f.repeat = Math.max(1, (int) Math.ceil(MIN_RUN_SECONDS / Math.max(wall, 1e-3)));
        }
      }
      for (int round = 0; round < runs; round++) {
        for (Figure f : figures) {
          Timer.Result r = Timer.measure(0, 1, () -> f.runRepeated());
          f.samples.add(new double[] {r.wall() / f.repeat, r.cpu() / f.repeat});
        }
      }
    }
  }

  /** AES-256-GCM in 1 MiB segments with a fresh nonce each: the JCA ceiling on the same bytes. */
  private static final class RawGcm {
    private static final int SEGMENT = 1 << 20;
    private final SecretKeySpec key;
    private final List<ByteBuffer> ciphertexts = new ArrayList<>();
    private final ByteBuffer out = ByteBuffer.allocate(SEGMENT + 16);
    private final ByteBuffer[] offHeap = new ByteBuffer[24];

    RawGcm() {
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      key = new SecretKeySpec(k, "AES");
      for (int i = 0; i < offHeap.length; i++) {
        offHeap[i] = ByteBuffer.allocateDirect(SEGMENT + 16);
      }
    }

    private static GCMParameterSpec nonce(int segment) {
      byte[] nonce = new byte[12];
      ByteBuffer.wrap(nonce).putInt(8, segment);
      return new GCMParameterSpec(128, nonce);
    }

    /**
     * Encrypts every segment into one reused buffer; the first call also keeps the ciphertexts for
     * {@link #decrypt}. Returns the bytes encrypted.
     */
    long encrypt(byte[] data) throws Exception {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      boolean keep = ciphertexts.isEmpty();
      long total = 0;
      for (int off = 0, n = 0; off < data.length; off += SEGMENT, n++) {
        int len = Math.min(SEGMENT, data.length - off);
        cipher.init(Cipher.ENCRYPT_MODE, key, nonce(n));
        out.clear();
        total += cipher.doFinal(ByteBuffer.wrap(data, off, len), out);
        if (keep) {
          ciphertexts.add(ByteBuffer.allocate(out.flip().remaining()).put(out).flip());
        }
      }
      return total;
    }

    /**
     * Decrypts like {@link #decrypt}, then copies each segment's plaintext off-heap, into a ring of
     * 24 MiB (about the bodies a reader of six columns has in flight): the least any reader does
     * that hands out Arrow buffers, since the JDK's GCM is fastest heap-to-heap and Arrow's buffers
     * live outside the heap.
     */
    long decryptToOffHeap() throws Exception {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      long total = 0;
      for (int n = 0; n < ciphertexts.size(); n++) {
        cipher.init(Cipher.DECRYPT_MODE, key, nonce(n));
        out.clear();
        int len = cipher.doFinal(ciphertexts.get(n).duplicate(), out);
        offHeap[n % offHeap.length].clear().put(out.flip());
        total += len;
      }
      return total;
    }

    /** Decrypts the ciphertexts of the last {@link #encrypt}; returns the plaintext bytes. */
    long decrypt() throws Exception {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      long total = 0;
      for (int n = 0; n < ciphertexts.size(); n++) {
        cipher.init(Cipher.DECRYPT_MODE, key, nonce(n));
        out.clear();
        total += cipher.doFinal(ciphertexts.get(n).duplicate(), out);
      }
      return total;
    }
  }
}
