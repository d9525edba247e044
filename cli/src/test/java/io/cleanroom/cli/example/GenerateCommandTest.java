package io.cleanroom.cli.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.cli.Cli;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.DatasetKeyFile;
import io.cleanroom.crypto.dataset.SealedBatchStream;
import io.cleanroom.crypto.dataset.SealedDatasetReader;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

  @TempDir Path dir;

  private Cli generate(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("example", "generate", "--rows", "5000", "--batch-rows", "1000", "--out"));
    args.add(dir.toString());
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void writesSealedDatasetsKeysAndAContractNamingTheirDigests() {
    Cli r = generate();
    assertThat(r.exitCode()).as(r.err()).isZero();
    Contract c = ContractParser.read(dir.resolve("contract.json"));
    Contract shipped = ContractParser.read(ExampleFiles.contract());
    assertThat(c.id()).isNotEqualTo(shipped.id());
    for (String id : List.of("visits", "accounts")) {
      String digest = Digests.hex(Digests.sha256(dir.resolve(id + ".sealed")));
      assertThat(c.dataset(id).orElseThrow().sealedDigest()).contains(digest);
      try (SealedDatasetReader reader = SealedDatasetReader.open(dir.resolve(id + ".sealed"))) {
        assertThat(reader.header().binding().ownerOrg())
            .isEqualTo(c.dataset(id).orElseThrow().owner());
        assertThat(reader.header().binding().collaborationId()).isEqualTo(c.collaborationId());
      }
    }
    assertThat(rowCount("visits")).isEqualTo(5000);
    assertThat(rowCount("accounts")).isEqualTo(501);
  }

  @Test
  void mostPatientsAreBankCustomersSoTheJoinHasRows() {
    assertThat(generate().exitCode()).isZero();
    Set<Long> patients = personIds("visits");
    Set<Long> customers = personIds("accounts");
    Set<Long> both = new HashSet<>(patients);
    both.retainAll(customers);
    assertThat(patients).hasSizeGreaterThan(400);
    assertThat(both.size()).isGreaterThan(patients.size() * 7 / 10);
    assertThat(customers).hasSizeGreaterThan(both.size());
  }

  @Test
  void sameSeedGivesTheSameRowsUnderFreshKeys() throws Exception {
    assertThat(generate().exitCode()).isZero();
    Set<Long> first = personIds("visits");
    String firstKey = Files.readString(dir.resolve("visits.key"));
    assertThat(generate("--force").exitCode()).isZero();
    assertThat(personIds("visits")).isEqualTo(first);
    assertThat(Files.readString(dir.resolve("visits.key"))).isNotEqualTo(firstKey);
  }

  @Test
  void refusesToOverwriteWithoutForce() {
    assertThat(generate().exitCode()).isZero();
    Cli again = generate();
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("exists (use --force");
  }

  private long rowCount(String id) {
    try (SealedDatasetReader reader = SealedDatasetReader.open(dir.resolve(id + ".sealed"))) {
      return reader.header().layout().rowCount();
    }
  }

  private Set<Long> personIds(String id) {
    Set<Long> ids = new HashSet<>();
    try (BufferAllocator allocator = new RootAllocator();
        DatasetKey key = DatasetKeyFile.read(dir.resolve(id + ".key"));
        SealedDatasetReader reader = SealedDatasetReader.open(dir.resolve(id + ".sealed"));
        SealedBatchStream s = reader.openColumns(key, List.of("person_id"), allocator)) {
      while (s.loadNextBatch()) {
        BigIntVector v = (BigIntVector) s.getVectorSchemaRoot().getVector(0);
        for (int i = 0; i < v.getValueCount(); i++) {
          ids.add(v.get(i));
        }
      }
    }
    return ids;
  }
}
