package io.cleanroom.bench;

import com.google.crypto.tink.subtle.Ed25519Verify;
import io.cleanroom.crypto.log.LogExportVerifier;
import io.cleanroom.crypto.log.LogExportWriter;
import io.cleanroom.crypto.log.LogVerification;
import io.cleanroom.crypto.log.MerkleHashes;
import io.cleanroom.crypto.log.MerkleProofs;
import io.cleanroom.crypto.log.MerkleTree;
import io.cleanroom.crypto.log.SignedTreeHead;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import io.cleanroom.testing.log.SampleLogs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom bench log}: the verifiable log's costs on one thread. Appends into {@link
 * MerkleTree} (leaf hashing of realistic ~600-byte signed entries included, signing not: it is
 * timed on its own) next to the bare SHA-256 of the same bytes; inclusion and consistency proof
 * generation in a tree of {@code --entries} leaves (median and p99, each proof checked); and export
 * verification ({@link LogExportVerifier}) next to the bare Ed25519 verification every entry needs.
 */
@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    description = "Merkle log appends/s, proof generation at 1M entries, export verification/s.")
public final class LogBenchmark implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--entries",
      defaultValue = "1000000",
      description =
          "Entries appended, and the tree size of the proofs (default: ${DEFAULT-VALUE}).")
  int entries;

  @Option(
      names = "--proofs",
      defaultValue = "2000",
      description = "Proofs of each kind timed (default: ${DEFAULT-VALUE}).")
  int proofs;

  @Option(
      names = "--verify-entries",
      defaultValue = "10000",
      description = "Entries in the export that is verified (default: ${DEFAULT-VALUE}).")
  int verifyEntries;

  @Option(
      names = "--distinct",
      defaultValue = "1000",
      description =
          "Distinct signed entries, repeated to fill the log (default: ${DEFAULT-VALUE}).")
  int distinct;

  private static final java.lang.management.ThreadMXBean THREAD =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private PrintWriter out;
  private volatile long sink;

  /** Wall-clock and this thread's CPU seconds of a measured span. */
  private record Span(double wall, double cpu) {
    static Span since(long wall0, long cpu0) {
      return new Span(
          (System.nanoTime() - wall0) / 1e9, (THREAD.getCurrentThreadCpuTime() - cpu0) / 1e9);
    }
  }

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    try (SampleLogs log = new SampleLogs()) {
      out.printf(
          Locale.ROOT, "one thread; %s; load average %.2f%n", Runtime.version(), Load.average());
      Timer.measure(1, 1, () -> log.entries(200).size()); // JIT warm-up of the signing path
      long t0 = System.nanoTime();
      long c0 = THREAD.getCurrentThreadCpuTime();
      List<byte[]> pool = log.entries(distinct);
      Span sign = Span.since(t0, c0);
      double meanBytes = pool.stream().mapToInt(e -> e.length).average().orElse(0);
      out.printf(
          Locale.ROOT,
          "%,d distinct signed entries, %.0f bytes on average, repeated to fill the log%n%n",
          distinct,
          meanBytes);
      out.printf(
          Locale.ROOT, "%-60s %12s %12s %8s%n", "figure", "per wall-s", "per CPU-s", "vs peer");
      row("sign an entry (JSON, canonical form, Ed25519), Tink", distinct, sign, "");
      MerkleTree tree = appends(pool);
      proofs(tree);
      verification(log, pool);
    }
    return 0;
  }

  private MerkleTree appends(List<byte[]> pool) {
    appendAll(pool, Math.min(entries, 200_000)); // warm-up
    long t0 = System.nanoTime();
    long c0 = THREAD.getCurrentThreadCpuTime();
    long hashed = 0;
    for (int i = 0; i < entries; i++) {
      hashed += MerkleHashes.leafHash(pool.get(i % pool.size()))[0];
    }
    Span hash = Span.since(t0, c0);
    sink += hashed;
    t0 = System.nanoTime();
    c0 = THREAD.getCurrentThreadCpuTime();
    MerkleTree tree = appendAll(pool, entries);
    Span append = Span.since(t0, c0);
    row(
        String.format(Locale.ROOT, "append an entry (leaf hash + tree), %,d entries", entries),
        entries,
        append,
        String.format(Locale.ROOT, "%.2f", hash.cpu() / append.cpu()));
    row("  peer: SHA-256 of the entry alone (the leaf hash)", entries, hash, "");
    double appends = entries / append.wall();
    goal(
        String.format(Locale.ROOT, "appends per second (wall) %,.0f", appends),
        ">= 10,000",
        appends >= 10_000);
    return tree;
  }

  private static MerkleTree appendAll(List<byte[]> pool, int n) {
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < n; i++) {
      tree.append(pool.get(i % pool.size()));
    }
    return tree;
  }

  private void proofs(MerkleTree tree) {
    long n = tree.size();
    byte[] root = tree.rootHash();
    Random random = new Random(7);
    double[] inclusion = new double[proofs];
    double[] consistency = new double[proofs];
    int bad = 0;
    for (int round = 0; round < 2; round++) { // the first round warms the JIT up
      for (int i = 0; i < proofs; i++) {
        long index = (long) (random.nextDouble() * n);
        long t0 = System.nanoTime();
        List<byte[]> p = tree.inclusionProof(index, n);
        inclusion[i] = (System.nanoTime() - t0) / 1e3;
        bad += MerkleProofs.verifyInclusion(tree.leafHash(index), index, n, p, root) ? 0 : 1;
        long old = 1 + (long) (random.nextDouble() * (n - 1));
        long t1 = System.nanoTime();
        List<byte[]> c = tree.consistencyProof(old, n);
        consistency[i] = (System.nanoTime() - t1) / 1e3;
        bad += MerkleProofs.verifyConsistency(old, n, tree.rootHash(old), root, c) ? 0 : 1;
      }
    }
    Arrays.sort(inclusion);
    Arrays.sort(consistency);
    out.printf(
        Locale.ROOT,
        "%nproof generation in a tree of %,d entries, %,d proofs each (µs)   median      p99%n",
        n,
        proofs);
    out.printf(
        Locale.ROOT,
        "%-60s %8.1f %8.1f%n",
        "inclusion proof, random leaf",
        inclusion[proofs / 2],
        p99(inclusion));
    out.printf(
        Locale.ROOT,
        "%-60s %8.1f %8.1f%n",
        "consistency proof, random old size to the full tree",
        consistency[proofs / 2],
        p99(consistency));
    out.printf(Locale.ROOT, "proofs that did not verify: %d (must be 0)%n", bad);
    double worst = Math.max(p99(inclusion), p99(consistency)) / 1e3;
    goal(
        String.format(Locale.ROOT, "proof generation, worst p99 %.3f ms", worst),
        "< 1 ms",
        worst < 1 && bad == 0);
  }

  private void verification(SampleLogs log, List<byte[]> pool) throws GeneralSecurityException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    LogExportWriter writer = new LogExportWriter(buffer, "collab-bench");
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < verifyEntries; i++) {
      byte[] e = pool.get(i % pool.size());
      writer.entry(e);
      tree.append(e);
    }
    writer.finish(SignedTreeHead.sign("collab-bench", tree.head(Instant.now()), log.portal()));
    byte[] export = buffer.toByteArray();
    verify(export, log); // warm-up
    long t0 = System.nanoTime();
    long c0 = THREAD.getCurrentThreadCpuTime();
    LogVerification v = verify(export, log);
    Span verify = Span.since(t0, c0);

    byte[] entry = pool.get(0);
    byte[] key = log.portal().publicKey();
    byte[] sig = log.portal().sign(entry);
    int n = 2000;
    Span jdk = rate(n, () -> ReceiptSigningKey.verify(key, entry, sig));
    Ed25519Verify tink = new Ed25519Verify(key);
    Span tinkSpan =
        rate(
            n,
            () -> {
              try {
                tink.verify(sig, entry);
                return true;
              } catch (GeneralSecurityException e) {
                return false;
              }
            });
    out.printf(
        Locale.ROOT,
        "%nexport verification, %,d entries (%.1f MB), %s%n",
        verifyEntries,
        export.length / 1e6,
        v.verified() ? "verified" : "NOT verified: " + v.failure());
    row(
        "verify an export: entries",
        verifyEntries,
        verify,
        String.format(Locale.ROOT, "%.2f", (jdk.cpu() / n) / (verify.cpu() / verifyEntries)));
    row("  peer: Ed25519 verification alone, JDK (what the log uses)", n, jdk, "");
    row("  for comparison: Ed25519 verification alone, Tink subtle", n, tinkSpan, "");
    out.printf(
        Locale.ROOT,
        "load average during the run: %.2f (wall figures need a quiet machine)%n",
        Load.average());
  }

  private static LogVerification verify(byte[] export, SampleLogs log) {
    return LogExportVerifier.verify(new ByteArrayInputStream(export), log.trusted(), null);
  }

  /** The span of {@code n} runs after {@code n / 4} warm-up runs. */
  private static Span rate(int n, java.util.function.BooleanSupplier op) {
    int ok = 0;
    for (int i = 0; i < n / 4; i++) {
      ok += op.getAsBoolean() ? 1 : 0;
    }
    long t0 = System.nanoTime();
    long c0 = THREAD.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      ok += op.getAsBoolean() ? 1 : 0;
    }
    Span span = Span.since(t0, c0);
    if (ok != n + n / 4) {
      throw new IllegalStateException("a peer signature did not verify");
    }
    return span;
  }

  private void row(String label, long operations, Span span, String ratio) {
    out.printf(
        Locale.ROOT,
        "%-60s %,12.0f %,12.0f %8s%n",
        label,
        operations / span.wall(),
        operations / span.cpu(),
        ratio);
  }

  private void goal(String figure, String goal, boolean met) {
    out.printf(Locale.ROOT, "goal: %s %s  %s%n", figure, goal, met ? "met" : "NOT met");
  }

  private static double p99(double[] sorted) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
  }
}
