package io.cleanroom.attestation.snp;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.Certs.ParsedCert;
import io.cleanroom.attestation.verify.TrustConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the SNP verifier finds candidate certificates: the evidence, the configured certificates, a
 * cache directory (read once), and, only when the network is allowed, AMD KDS (fetched certificates
 * are written to the cache directory).
 *
 * <p><b>Security:</b> every source is untrusted; the chain check decides.
 */
public final class SnpCertificateSource {

  private final List<ParsedCert> configured;
  private final Optional<Path> cacheDir;
  private final boolean network;
  private volatile List<ParsedCert> cached;

  public SnpCertificateSource(TrustConfig config) {
    this.configured = config.certificates().stream().map(Certs::parse).toList();
    this.cacheDir = config.certCacheDir();
    this.network = config.networkAllowed();
  }

  /** Certificates from the evidence followed by configured and cached ones. */
  public List<ParsedCert> candidates(List<byte[]> fromEvidence) {
    List<ParsedCert> out = new ArrayList<>(fromEvidence.size() + configured.size());
    for (byte[] der : fromEvidence) {
      out.add(Certs.parse(der));
    }
    out.addAll(configured);
    out.addAll(cacheDirCerts());
    return out;
  }

  /** Whether fetching from AMD KDS is allowed. */
  public boolean networkAllowed() {
    return network;
  }

  /** Fetches the VCEK and chain for a chip from AMD KDS (network must be allowed). */
  public List<ParsedCert> fetch(SnpProduct product, byte[] chipId, SnpTcb tcb) {
    if (!network) {
      throw new AttestationException(
          AttestationException.Code.NETWORK_DISABLED, "fetching from AMD KDS is not allowed");
    }
    KdsClient kds = new KdsClient();
    List<byte[]> ders = new ArrayList<>();
    ders.addAll(Certs.splitCertificates(kds.get(KdsClient.vcekUrl(product, chipId, tcb))));
    ders.addAll(Certs.splitCertificates(kds.get(KdsClient.chainUrl(product, false))));
    cacheDir.ifPresent(dir -> store(dir, ders));
    return ders.stream().map(Certs::parse).toList();
  }

  private List<ParsedCert> cacheDirCerts() {
    List<ParsedCert> c = cached;
    if (c == null) {
      c = cacheDir.map(SnpCertificateSource::readDir).orElse(List.of());
      cached = c;
    }
    return c;
  }

  /** Reads every certificate file in a directory; files that hold no certificate are skipped. */
  static List<ParsedCert> readDir(Path dir) {
    List<ParsedCert> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        if (!Files.isRegularFile(f) || Files.size(f) > 1 << 20) {
          continue;
        }
        try {
          for (byte[] der : Certs.splitCertificates(Files.readAllBytes(f))) {
            out.add(Certs.parse(der));
          }
        } catch (AttestationException notACertificate) {
          // Not every file in a cache directory is a certificate.
        }
      }
    } catch (IOException e) {
      throw new AttestationException(
          AttestationException.Code.IO, "cannot read certificate directory " + dir, e);
    }
    return out;
  }

  private static void store(Path dir, List<byte[]> ders) {
    try {
      Files.createDirectories(dir);
      for (byte[] der : ders) {
        Files.write(dir.resolve(Certs.fingerprint(der) + ".der"), der);
      }
    } catch (IOException e) {
      throw new AttestationException(
          AttestationException.Code.IO, "cannot write certificate cache " + dir, e);
    }
  }
}
