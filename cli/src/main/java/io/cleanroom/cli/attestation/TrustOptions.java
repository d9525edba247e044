package io.cleanroom.cli.attestation;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.tdx.CollateralFiles;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.TrustConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What an offline verifier trusts beyond the pinned vendor roots: certificates and collateral given
 * as files, the simulated TEE's root (only when named), and whether it may fetch from AMD KDS /
 * Intel PCS. Shared by {@code cleanroom attestation verify} and {@code cleanroom verify receipt}.
 */
public final class TrustOptions {

  @Option(
      names = "--certs",
      paramLabel = "FILE|DIR",
      description = "Certificates (VCEK, ASK/ARK...): a PEM/DER file or a directory; repeatable.")
  List<Path> certs = new ArrayList<>();

  @Option(
      names = "--collateral",
      paramLabel = "DIR|FILE",
      description = "TDX collateral as Intel PCS serves it: a directory or files; repeatable.")
  List<Path> collateral = new ArrayList<>();

  @Option(
      names = "--simulated-root",
      paramLabel = "FILE",
      description = "Trust the simulated TEE with this root certificate (never in production).")
  Path simulatedRoot;

  @Option(
      names = "--network",
      description = "Allow fetching from AMD KDS / Intel PCS (default: off).")
  boolean network;

  /** The trust configuration these options describe. */
  public TrustConfig trust() throws IOException {
    TrustConfig t = TrustConfig.defaults().withNetwork(network);
    for (Path c : certs) {
      if (Files.isDirectory(c)) {
        t = t.withCertificates(readDir(c));
      } else {
        t = t.withCertificates(Certs.splitCertificates(Files.readAllBytes(c)));
      }
    }
    if (!collateral.isEmpty()) {
      t = t.withCollateral(CollateralFiles.load(collateral));
    }
    if (simulatedRoot != null) {
      t = t.withSimulatedRootFile(simulatedRoot);
    }
    return t;
  }

  private static List<byte[]> readDir(Path dir) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        try {
          out.addAll(Certs.splitCertificates(Files.readAllBytes(f)));
        } catch (AttestationException notACertificate) {
          // Directories may hold other files.
        }
      }
    }
    return out;
  }
}
