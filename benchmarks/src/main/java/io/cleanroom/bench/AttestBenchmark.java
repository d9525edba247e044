package io.cleanroom.bench;

import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.TdxEvidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.snp.SnpReport;
import io.cleanroom.attestation.snp.SnpVerifier;
import io.cleanroom.attestation.tdx.CollateralFiles;
import io.cleanroom.attestation.tdx.TdxQuote;
import io.cleanroom.attestation.tdx.TdxVerifier;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.attestation.verify.Verifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom bench attest}: verifications per second of genuine SEV-SNP and TDX evidence with
 * a warm certificate cache, on one thread, next to the raw ECDSA verification of the same bytes
 * with the JDK and Bouncy Castle (the ceiling: the signature every verification must check).
 *
 * <p>The evidence is read in place from the shared attestation samples and verified at the fixed
 * dates PROVENANCE.md gives for them.
 */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    description = "SNP and TDX verifications per second (warm cache) vs raw ECDSA, in one run.")
public final class AttestBenchmark implements Callable<Integer> {

  /**
   * Signatures a warm TDX verification checks: the quote (attestation key) and the QE report (PCK
   * key). Chains, CRLs, TCB info and QE identity signatures are cached by content.
   */
  private static final int TDX_SIGNATURES = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--samples",
      defaultValue = "../shared/testdata/attestation",
      description = "The shared attestation samples (default: ${DEFAULT-VALUE}).")
  Path samples;

  @Option(
      names = "--batch",
      defaultValue = "1000",
      description = "Operations per timed run (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--runs",
      defaultValue = "5",
      description = "Timed runs per figure; the median is shown.")
  int runs;

  /** One figure: a name and the operation it repeats. */
  private record Figure(String label, Timer.Action once) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isDirectory(samples)) {
      spec.commandLine().getErr().println("cleanroom: no samples at " + samples + " (--samples)");
      return 1;
    }
    Path roots = samples.resolve("sev-snp/amd-roots/canonical");
    SnpVerifier snp = SnpVerifier.amd(TrustConfig.defaults().withCertCacheDir(roots));
    TdxVerifier tdx = new TdxVerifier(TrustConfig.defaults());

    byte[] genoaReport = read("sev-snp/oak/genoa_oc.snp_report.bin");
    byte[] genoaVcek = read("sev-snp/oak/genoa_oc.vcek.der");
    Evidence genoa = new SnpEvidence(genoaReport, List.of(genoaVcek));
    Instant genoaAt = Instant.parse("2026-01-01T00:00:00Z");
    Evidence milan =
        new SnpEvidence(
            read("sev-snp/virtee-sev/report_milan.bin"),
            List.of(read("sev-snp/virtee-sev/vcek_milan.der")));
    Instant milanAt = Instant.parse("2024-06-01T00:00:00Z");
    byte[] quote = read("tdx/dcap-qvl/tdx_quote");
    Evidence tdxQuote =
        new TdxEvidence(
            quote,
            Optional.of(
                CollateralFiles.load(
                    List.of(samples.resolve("tdx/dcap-qvl/tdx_quote_collateral.json")))));
    Instant tdxAt = Instant.parse("2025-07-01T00:00:00Z");
    for (var e : List.of(List.of(snp, genoa, genoaAt), List.of(snp, milan, milanAt))) {
      requireVerified((Verifier) e.get(0), (Evidence) e.get(1), (Instant) e.get(2));
    }
    requireVerified(tdx, tdxQuote, tdxAt);

    RawEcdsa p384 = RawEcdsa.snpReport(genoaReport, genoaVcek);
    RawEcdsa p256 = RawEcdsa.qeReport(quote);
    List<Figure> figures =
        List.of(
            new Figure(
                "SNP verify: Genoa report v5, VCEK chain (warm cache)",
                verify(snp, genoa, genoaAt)),
            new Figure(
                "SNP verify: Milan report v2, VCEK chain (warm cache)",
                verify(snp, milan, milanAt)),
            new Figure("raw ECDSA P-384/SHA-384 verify of the report, JDK", p384.jdk()),
            new Figure("raw ECDSA P-384/SHA-384 verify of the report, Bouncy Castle", p384.bc()),
            new Figure(
                "TDX verify: quote v4 + full collateral (warm cache)",
                verify(tdx, tdxQuote, tdxAt)),
            new Figure("raw ECDSA P-256/SHA-256 verify of the QE report, JDK", p256.jdk()),
            new Figure(
                "raw ECDSA P-256/SHA-256 verify of the QE report, Bouncy Castle", p256.bc()));

    out.printf(
        Locale.ROOT,
        "%d operations per run, %d runs, median; one thread; %s%n%n",
        batch,
        runs,
        Runtime.version());
    out.printf(
        Locale.ROOT, "%-62s %8s %8s %10s%n", "figure (median)", "wall s", "CPU s", "ops/CPU-s");
    double[] perCpu = new double[figures.size()];
    for (int i = 0; i < figures.size(); i++) {
      Figure f = figures.get(i);
      Timer.Result r = Timer.measure(1, runs, () -> repeat(f.once()));
      perCpu[i] = batch / r.cpu();
      out.printf(
          Locale.ROOT, "%-62s %8.3f %8.3f %10.0f%n", f.label(), r.wall(), r.cpu(), perCpu[i]);
      out.flush();
    }

    out.println();
    out.printf(Locale.ROOT, "%-66s %9s %s%n", "ratio", "value", "goal");
    ratio(out, "SNP (Genoa) verifications per CPU-second", perCpu[0], ">= 1000", perCpu[0] >= 1000);
    ratio(out, "SNP (Milan) verifications per CPU-second", perCpu[1], ">= 1000", perCpu[1] >= 1000);
    double best384 = Math.max(perCpu[2], perCpu[3]);
    ratio(
        out,
        "SNP verify / fastest raw P-384 verify (1.00 = signature only)",
        perCpu[0] / best384,
        "",
        true);
    ratio(out, "TDX verifications per CPU-second", perCpu[4], "", true);
    ratio(
        out,
        "TDX verify / (fastest raw P-256 verify / " + TDX_SIGNATURES + " signatures)",
        perCpu[4] / (Math.max(perCpu[5], perCpu[6]) / TDX_SIGNATURES),
        "",
        true);
    out.printf(
        Locale.ROOT,
        "load average during the run: %.2f on %d cores (wall figures need a quiet machine)%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    return 0;
  }

  private long repeat(Timer.Action once) throws Exception {
    long sum = 0;
    for (int i = 0; i < batch; i++) {
      sum += once.run();
    }
    return sum;
  }

  private static Timer.Action verify(Verifier v, Evidence e, Instant at) {
    return () -> v.verify(e, at).verified() ? 1 : 0;
  }

  private static void requireVerified(Verifier v, Evidence e, Instant at) {
    VerificationResult r = v.verify(e, at);
    if (!r.verified()) {
      throw new IllegalStateException("sample does not verify: " + r.errors());
    }
  }

  private byte[] read(String relative) throws IOException {
    return Files.readAllBytes(samples.resolve(relative));
  }

  private static void ratio(PrintWriter out, String label, double value, String goal, boolean met) {
    out.printf(
        Locale.ROOT,
        "%-66s %9.2f %s%s%n",
        label,
        value,
        goal,
        goal.isEmpty() ? "" : met ? "  met" : "  NOT MET");
  }

  /** One ECDSA verification of fixed bytes, with the JDK's and Bouncy Castle's providers. */
  private record RawEcdsa(
      String algorithm, PublicKey key, PublicKey jdkKey, byte[] data, byte[] signature) {

    /** The SNP report's signed region, its signature and the VCEK's key (P-384). */
    static RawEcdsa snpReport(byte[] report, byte[] vcek) {
      byte[] sig = SnpReport.parse(report).signatureP1363().orElseThrow();
      Certs.ParsedCert cert = Certs.parse(vcek);
      return new RawEcdsa(
          "SHA384",
          cert.publicKey(),
          jdkKey(cert),
          Arrays.copyOf(report, SnpReport.SIGNED_LENGTH),
          sig);
    }

    /** A TDX quote's QE report, its signature and the PCK key (P-256). */
    static RawEcdsa qeReport(byte[] quote) {
      TdxQuote q = TdxQuote.parse(quote);
      Certs.ParsedCert pck = Certs.parse(q.pckChain().get(0));
      return new RawEcdsa(
          "SHA256", pck.publicKey(), jdkKey(pck), q.qeReport().raw(), q.qeReportSignature());
    }

    /** The same key as the JDK's own object, so that the JDK's figure has no conversion in it. */
    static PublicKey jdkKey(Certs.ParsedCert cert) {
      try {
        return KeyFactory.getInstance("EC")
            .generatePublic(
                new X509EncodedKeySpec(cert.holder().getSubjectPublicKeyInfo().getEncoded()));
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    Timer.Action jdk() throws GeneralSecurityException {
      Signature s = Signature.getInstance(algorithm + "withECDSAinP1363Format");
      return () -> once(s, jdkKey);
    }

    Timer.Action bc() throws GeneralSecurityException {
      Signature s = Signature.getInstance(algorithm + "withPLAIN-ECDSA", Certs.BC);
      return () -> once(s, key);
    }

    private long once(Signature s, PublicKey k) throws GeneralSecurityException {
      s.initVerify(k);
      s.update(data);
      if (!s.verify(signature)) {
        throw new IllegalStateException("the genuine signature does not verify");
      }
      return 1;
    }
  }
}
