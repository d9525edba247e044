package io.cleanroom.cli.example;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.cli.UserError;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.DatasetKeyFile;
import io.cleanroom.crypto.dataset.SealedDatasetWriter;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.query.contract.DatasetSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom example generate}: writes the example's two datasets as sealed files with their
 * keys, and a copy of the contract whose datasets name the digests of those sealed files.
 *
 * <p>Each owner seals its own data with its own new key, as in a real collaboration; the keys are
 * written next to the data only because this is a demo and one person plays every party.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate the example's synthetic data, sealed: visits (hospital) and accounts (bank).",
      "Writes DIR/visits.sealed, DIR/visits.key, DIR/accounts.sealed, DIR/accounts.key and",
      "DIR/contract.json (the contract with the sealed files' digests)."
    })
public final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "100000",
      description = "Visit rows; patients are one in ten (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--out", required = true, description = "Directory to write into.")
  Path out;

  @Option(
      names = "--contract",
      description = "The contract (default: examples/hospital-bank/contract.json).")
  Path contract;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed; the same seed gives the same rows (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--batch-rows",
      defaultValue = "65536",
      description = "Rows per batch (default: ${DEFAULT-VALUE}).")
  int batchRows;

  @Option(names = "--force", description = "Replace existing files.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    if (rows < 1 || batchRows < 1 || batchRows > 1 << 24) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--rows must be positive and --batch-rows between 1 and 16777216");
    }
    Path contractFile = contract != null ? contract : ExampleFiles.contract();
    Contract c = ContractParser.read(contractFile);
    DatasetSpec visits = dataset(c, "visits");
    DatasetSpec accounts = dataset(c, "accounts");
    Files.createDirectories(out);
    prepare("visits");
    prepare("accounts");
    HospitalBankData data = new HospitalBankData(rows, seed, batchRows);
    PrintWriter o = spec.commandLine().getOut();
    try (BufferAllocator allocator = new RootAllocator()) {
      String visitsDigest =
          seal(c, visits, allocator, w -> data.visits(visits.schema(), allocator, w::write));
      o.printf(
          "visits:   %,d rows of %,d patients, sealed by %s%n",
          rows, data.patients(), visits.owner());
      String accountsDigest =
          seal(c, accounts, allocator, w -> data.accounts(accounts.schema(), allocator, w::write));
      o.printf("accounts: %,d rows, sealed by %s%n", data.customers(), accounts.owner());
      Path withDigests = out.resolve("contract.json");
      Files.write(withDigests, contractWithDigests(contractFile, visitsDigest, accountsDigest));
      o.printf(
          "contract: %s (id %s) names the sealed digests%n",
          withDigests, ContractParser.read(withDigests).id());
    }
    return 0;
  }

  private static DatasetSpec dataset(Contract c, String id) {
    return c.dataset(id)
        .orElseThrow(() -> new UserError("the contract has no dataset '" + id + "'"));
  }

  private void prepare(String id) throws IOException {
    for (Path p : new Path[] {out.resolve(id + ".sealed"), out.resolve(id + ".key")}) {
      if (Files.exists(p)) {
        if (!force) {
          throw new UserError(p + " exists (use --force to replace it)");
        }
        Files.delete(p);
      }
    }
  }

  private interface Producer {
    void produce(SealedDatasetWriter writer);
  }

  private String seal(Contract c, DatasetSpec d, BufferAllocator allocator, Producer producer) {
    Path sealed = out.resolve(d.id() + ".sealed");
    try (DatasetKey key = DatasetKey.generate()) {
      DatasetKeyFile.write(out.resolve(d.id() + ".key"), key);
      try (SealedDatasetWriter writer =
          SealedDatasetWriter.builder()
              .datasetId(d.id())
              .ownerOrg(d.owner())
              .collaborationId(c.collaborationId())
              .schema(d.schema())
              .key(key)
              .spoolDirectory(out.toAbsolutePath())
              .build()) {
        producer.produce(writer);
        writer.finish(sealed);
      }
    }
    return Digests.hex(Digests.sha256(sealed));
  }

  private static byte[] contractWithDigests(Path contractFile, String visits, String accounts)
      throws IOException {
    ObjectNode json = (ObjectNode) CanonicalJson.parse(Files.readAllBytes(contractFile));
    for (var d : json.get("datasets")) {
      String id = d.get("id").asText();
      if (id.equals("visits")) {
        ((ObjectNode) d).put("sealedDigest", visits);
      } else if (id.equals("accounts")) {
        ((ObjectNode) d).put("sealedDigest", accounts);
      }
    }
    return json.toPrettyString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
