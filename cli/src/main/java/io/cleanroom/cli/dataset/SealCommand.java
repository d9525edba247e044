package io.cleanroom.cli.dataset;

import io.cleanroom.cli.Progress;
import io.cleanroom.cli.UserError;
import io.cleanroom.cli.io.BatchInput;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.DatasetKeyFile;
import io.cleanroom.crypto.dataset.SealedDatasetWriter;
import io.cleanroom.crypto.dataset.SealedHeader;
import io.cleanroom.crypto.json.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom dataset seal}: encrypts a CSV or Arrow table into a sealed dataset and a new key
 * file.
 */
@Command(
    name = "seal",
    mixinStandardHelpOptions = true,
    description = {
      "Encrypt a CSV or Arrow IPC table into a sealed dataset with a fresh data key.",
      "The key file is written with owner-only permissions; deposit it at your key broker."
    })
public final class SealCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      description = "CSV (with a header row) or Arrow IPC file/stream.")
  Path input;

  @Option(names = "--format", description = "Input format: csv or arrow (default: from the file).")
  String format;

  @Option(
      names = "--schema",
      description = "JSON schema for CSV input (types are inferred without it).")
  Path schema;

  @Option(
      names = "--dataset-id",
      required = true,
      description = "The dataset's id in the collaboration.")
  String datasetId;

  @Option(names = "--owner", required = true, description = "Your organisation.")
  String owner;

  @Option(names = "--collaboration", required = true, description = "The collaboration's id.")
  String collaboration;

  @Option(names = "--out", required = true, description = "The sealed file to write (FILE.sealed).")
  Path out;

  @Option(
      names = "--key-out",
      required = true,
      description = "The key file to create (FILE.key, mode 0600).")
  Path keyOut;

  @Option(
      names = "--batch-rows",
      defaultValue = "65536",
      description = "Rows per batch (default: ${DEFAULT-VALUE}).")
  int batchRows;

  @Option(names = "--force", description = "Replace an existing sealed file.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    if (batchRows < 1 || batchRows > 1 << 24) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--batch-rows must be between 1 and 16777216");
    }
    if (Files.exists(out) && !force) {
      throw new UserError(out + " exists (use --force to replace it)");
    }
    if (Files.exists(keyOut)) {
      throw new UserError("key file " + keyOut + " exists: a new dataset version needs a new key");
    }
    long total = Files.isRegularFile(input) ? Files.size(input) : 0;
    SealedHeader header;
    try (BufferAllocator allocator = new RootAllocator();
        BatchInput in =
            BatchInput.open(
                input,
                Optional.ofNullable(format).map(BatchInput.Format::parse),
                Optional.ofNullable(schema).map(SchemaFile::read),
                batchRows,
                allocator);
        DatasetKey key = DatasetKey.generate();
        Progress progress = Progress.start(spec.commandLine().getErr(), "sealing", total)) {
      DatasetKeyFile.write(keyOut, key);
      try {
        header = seal(in, key, progress);
      } catch (RuntimeException e) {
        Files.deleteIfExists(keyOut);
        throw e;
      }
    }
    spec.commandLine()
        .getOut()
        .printf(
            "sealed %d rows in %d columns into %s (sha256 %s)%nkey %s written to %s: deposit it at your key broker%n",
            header.layout().rowCount(),
            header.binding().columns().size(),
            out,
            Digests.hex(Digests.sha256(out)),
            header.binding().keyId(),
            keyOut);
    return 0;
  }

  private SealedHeader seal(BatchInput in, DatasetKey key, Progress progress) {
    Path dir = out.toAbsolutePath().getParent();
    try (SealedDatasetWriter writer =
        SealedDatasetWriter.builder()
            .datasetId(datasetId)
            .ownerOrg(owner)
            .collaborationId(collaboration)
            .schema(in.schema())
            .key(key)
            .spoolDirectory(dir)
            .build()) {
      while (in.next()) {
        writer.write(in.root());
        progress.update(in.bytesRead());
      }
      return writer.finish(out);
    }
  }
}
