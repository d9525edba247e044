package io.cleanroom.enclave.run;

import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.dataset.SealedDatasetReader;
import io.cleanroom.enclave.run.RunRequest.DatasetLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sealed files of one run: local paths as given (within the configured roots, if any), or
 * http(s) URLs downloaded into a private temporary directory that {@link #close()} deletes.
 *
 * <p><b>Security:</b> these files are ciphertext from outside the enclave and are treated as
 * hostile: only their public headers are read here, and the digest check and authenticated
 * decryption happen later. Downloads hold only ciphertext; no plaintext is ever written to disk.
 */
final class Inputs implements AutoCloseable {

  private final Map<String, Path> files = new LinkedHashMap<>();
  private final Optional<List<Path>> roots;
  private final HttpClient http;
  private Path downloads;

  Inputs(Optional<List<Path>> roots, HttpClient http) {
    this.roots = roots;
    this.http = http;
  }

  /** Locates (or downloads) every dataset of the request. */
  void locate(List<DatasetLocation> datasets) {
    for (DatasetLocation d : datasets) {
      files.put(d.id(), locate(d));
    }
  }

  /** The sealed file of each dataset. */
  Map<String, Path> files() {
    return files;
  }

  /** The row counts in the public headers, for the planner. */
  Map<String, Long> rowCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    files.forEach(
        (id, file) -> {
          try (SealedDatasetReader r = SealedDatasetReader.open(file)) {
            counts.put(id, r.header().layout().rowCount());
          } catch (CryptoException e) {
            throw new EnclaveException(
                EnclaveException.Code.DATA_INVALID,
                "dataset " + id + " is not a readable sealed dataset: " + e.code());
          }
        });
    return counts;
  }

  private Path locate(DatasetLocation d) {
    String loc = d.location();
    String lower = loc.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return download(d.id(), URI.create(loc));
    }
    Path p = Path.of(lower.startsWith("file:") ? URI.create(loc).getPath() : loc);
    if (!p.isAbsolute()) {
      throw unavailable(d.id(), "its path must be absolute");
    }
    Path real;
    try {
      real = p.toRealPath();
    } catch (IOException e) {
      throw unavailable(d.id(), "there is no file at " + p);
    }
    if (roots.isPresent() && roots.get().stream().noneMatch(r -> real.startsWith(root(r)))) {
      throw unavailable(d.id(), p + " is outside enclave.dataset-roots");
    }
    if (!Files.isRegularFile(real)) {
      throw unavailable(d.id(), p + " is not a regular file");
    }
    return real;
  }

  private Path download(String id, URI uri) {
    try {
      if (downloads == null) {
        downloads = Files.createTempDirectory("cleanroom-enclave-inputs");
      }
      Path target = downloads.resolve(files.size() + ".sealed");
      HttpResponse<Path> res =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build(),
              HttpResponse.BodyHandlers.ofFile(target));
      if (res.statusCode() != 200) {
        throw unavailable(id, uri.getHost() + " answered HTTP " + res.statusCode());
      }
      return target;
    } catch (IOException e) {
      throw unavailable(id, "downloading from " + uri.getHost() + " failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnclaveException(EnclaveException.Code.CANCELLED, "interrupted while downloading");
    }
  }

  private static Path root(Path r) {
    try {
      return r.toRealPath();
    } catch (IOException e) {
      return r.toAbsolutePath().normalize();
    }
  }

  private static EnclaveException unavailable(String id, String why) {
    return new EnclaveException(
        EnclaveException.Code.DATASET_UNAVAILABLE, "dataset " + id + " is unavailable: " + why);
  }

  /** Deletes the downloads. */
  @Override
  public void close() {
    if (downloads == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(downloads)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Best effort: the files hold ciphertext only.
    }
  }
}
