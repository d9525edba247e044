package io.cleanroom.cli.dataset;

import io.cleanroom.cli.Progress;
import io.cleanroom.cli.UserError;
import io.cleanroom.cli.io.TableOutput;
import io.cleanroom.crypto.dataset.CryptoWarmUp;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.DatasetKeyFile;
import io.cleanroom.crypto.dataset.SealedBatchStream;
import io.cleanroom.crypto.dataset.SealedDatasetReader;
import io.cleanroom.crypto.dataset.SealedHeader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom dataset open}: decrypts a sealed dataset with its key, for the owner's own check
 * that it round-trips.
 *
 * <p><b>Security:</b> plaintext goes to a temporary file (mode 0600) in the output's directory that
 * is moved into place only after every column's last segment authenticated; on any failure it is
 * deleted, so no partial plaintext is ever left as the output.
 */
@Command(
    name = "open",
    mixinStandardHelpOptions = true,
    description =
        "Decrypt a sealed dataset with its key into CSV or Arrow (the owner's round-trip check).")
public final class OpenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.sealed", description = "The sealed dataset.")
  Path file;

  @Option(names = "--key", required = true, description = "The dataset's key file.")
  Path keyFile;

  @Option(names = "--out", required = true, description = "Output file: .csv or .arrow.")
  Path out;

  @Option(names = "--format", description = "csv or arrow (default: from --out's extension).")
  String format;

  @Option(names = "--columns", split = ",", description = "Only these columns (default: all).")
  List<String> columns;

  @Option(names = "--force", description = "Replace an existing output file.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    String fmt = TableOutput.formatOf(out.getFileName().toString(), format);
    if (Files.exists(out) && !force) {
      throw new UserError(out + " exists (use --force to replace it)");
    }
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp =
        Files.createTempFile(
            dir,
            ".opening-",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    long rows = 0;
    try {
      rows = decrypt(tmp, fmt);
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    spec.commandLine().getOut().printf("opened %d rows into %s%n", rows, out);
    return 0;
  }

  private long decrypt(Path tmp, String fmt) throws IOException {
    long rows = 0;
    CryptoWarmUp.runFor(Files.size(file));
    try (SealedDatasetReader reader = SealedDatasetReader.open(file);
        DatasetKey key = DatasetKeyFile.read(keyFile);
        BufferAllocator allocator = new RootAllocator()) {
      SealedHeader h = reader.header();
      List<String> names =
          columns != null
              ? columns
              : h.binding().columns().stream().map(SealedHeader.ColumnSpec::name).toList();
      try (SealedBatchStream stream = reader.openColumns(key, names, allocator);
          OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
          TableOutput output = TableOutput.create(fmt, stream.fields(), os);
          Progress progress =
              Progress.start(spec.commandLine().getErr(), "opening", h.layout().rowCount())) {
        while (stream.loadNextBatch()) {
          rows += stream.getVectorSchemaRoot().getRowCount();
          output.write(stream.getVectorSchemaRoot());
          progress.update(rows);
        }
        output.finish();
      }
    }
    return rows;
  }
}
