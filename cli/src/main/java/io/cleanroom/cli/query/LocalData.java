package io.cleanroom.cli.query;

import io.cleanroom.cli.UserError;
import io.cleanroom.crypto.dataset.CryptoWarmUp;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.DatasetKeyFile;
import io.cleanroom.crypto.dataset.SealedDatasetReader;
import io.cleanroom.query.check.CheckReport;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.DatasetSpec;
import io.cleanroom.query.exec.SealedDatasetSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sealed files and keys of a local data directory ({@code ID.sealed} and {@code ID.key} per
 * dataset), opened for the datasets one query reads.
 *
 * <p><b>Security:</b> where the contract names a dataset's sealed digest, the file must have
 * exactly that digest, so a data owner tests the very file the others approved.
 */
final class LocalData implements AutoCloseable {

  private final Map<String, DatasetKey> keys = new LinkedHashMap<>();
  private final SealedDatasetSource source;

  LocalData(Contract contract, CheckReport report, Path dir) {
    Map<String, Path> files = new LinkedHashMap<>();
    try {
      for (CheckReport.DatasetRead read : report.datasets()) {
        DatasetSpec spec = contract.dataset(read.dataset()).orElseThrow();
        Path file = dir.resolve(spec.id() + ".sealed");
        Path keyFile = dir.resolve(spec.id() + ".key");
        for (Path p : List.of(file, keyFile)) {
          if (!Files.isRegularFile(p)) {
            throw new UserError("dataset " + spec.id() + " needs " + p + ", which does not exist");
          }
        }
        files.put(spec.id(), file);
        keys.put(spec.id(), DatasetKeyFile.read(keyFile));
      }
      source = SealedDatasetSource.forContract(contract, files, keys);
      warmUpFor(files.values());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Warms AES-GCM up when the files are large enough for it to pay ({@link CryptoWarmUp}). */
  private static void warmUpFor(Iterable<Path> files) {
    long bytes = 0;
    for (Path f : files) {
      try {
        bytes += Files.size(f);
      } catch (java.io.IOException e) {
        return; // reading the file will say what is wrong
      }
    }
    CryptoWarmUp.runFor(bytes);
  }

  /** The row counts in the public headers of the sealed files present, for the planner. */
  static Map<String, Long> rowCounts(Contract contract, Path dir) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (DatasetSpec d : contract.datasets()) {
      Path file = dir.resolve(d.id() + ".sealed");
      if (Files.isRegularFile(file)) {
        try (SealedDatasetReader r = SealedDatasetReader.open(file)) {
          counts.put(d.id(), r.header().layout().rowCount());
        }
      }
    }
    return counts;
  }

  SealedDatasetSource source() {
    return source;
  }

  @Override
  public void close() {
    keys.values().forEach(DatasetKey::close);
  }
}
