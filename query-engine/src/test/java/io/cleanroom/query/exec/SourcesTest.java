package io.cleanroom.query.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.SealedDatasetWriter;
import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.Fixtures;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.contract.Contract;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrow IPC files, sealed files by contract, and explain without data. */
class SourcesTest {

  private static final Contract CONTRACT = Fixtures.hospitalBank();
  private static final QueryChecker CHECKER = new QueryChecker(CONTRACT);
  private static final String SQL =
      "SELECT a.region, v.diagnosis, COUNT(*) FROM visits v JOIN accounts a"
          + " ON v.person_id = a.person_id GROUP BY a.region, v.diagnosis";

  @TempDir Path dir;
  private BufferAllocator root;
  private HospitalBankData data;

  @BeforeEach
  void setUp() {
    root = new RootAllocator();
    data = HospitalBankData.of(root, CONTRACT, 20_000, 2_000, 3_000);
  }

  @AfterEach
  void tearDown() {
    data.close();
    root.close();
  }

  private QueryResult run(DatasetSource source) {
    CheckedQuery q = CHECKER.check(SQL);
    try (BufferAllocator a = root.newChildAllocator("t", 0, Long.MAX_VALUE)) {
      return new QueryExecutor(a, ExecutionLimits.defaults()).execute(q, source);
    }
  }

  private Path write(String name, List<VectorSchemaRoot> batches, boolean fileFormat)
      throws Exception {
    Path out = dir.resolve(name + (fileFormat ? ".arrow" : ".arrows"));
    try (VectorSchemaRoot staging = VectorSchemaRoot.create(batches.get(0).getSchema(), root);
        FileChannel ch =
            FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream os = java.nio.channels.Channels.newOutputStream(ch);
        ArrowWriter w =
            fileFormat
                ? new ArrowFileWriter(staging, null, ch)
                : new ArrowStreamWriter(staging, null, os)) {
      w.start();
      for (VectorSchemaRoot b : batches) {
        try (var rb = new org.apache.arrow.vector.VectorUnloader(b).getRecordBatch()) {
          new org.apache.arrow.vector.VectorLoader(staging).load(rb);
        }
        w.writeBatch();
      }
      w.end();
    }
    return out;
  }

  @Test
  void readsArrowIpcFilesAndStreamsLikeMemory() throws Exception {
    QueryResult expected = run(data.source());
    DatasetSource ipc =
        new ArrowIpcDatasetSource(
            Map.of(
                "visits", write("visits", data.visits, true),
                "accounts", write("accounts", data.accounts, false)));
    QueryResult r = run(ipc);
    assertThat(r.rows()).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected.rows());
    assertThat(r.suppressedGroups()).isEqualTo(expected.suppressedGroups()).isPositive();
  }

  @Test
  void readsSealedFilesNamedByContract() throws Exception {
    QueryResult expected = run(data.source());
    try (DatasetKey vk = DatasetKey.generate();
        DatasetKey ak = DatasetKey.generate()) {
      SealedDatasetSource sealed =
          SealedDatasetSource.forContract(
              CONTRACT,
              Map.of(
                  "visits",
                  seal("visits", data.visits, vk),
                  "accounts",
                  seal("accounts", data.accounts, ak)),
              Map.of("visits", vk, "accounts", ak));
      assertThat(run(sealed).rows()).containsExactlyInAnyOrderElementsOf(expected.rows());
    }
  }

  private Path seal(String id, List<VectorSchemaRoot> batches, DatasetKey key) throws Exception {
    Path out = dir.resolve(id + ".sealed");
    try (SealedDatasetWriter w =
        SealedDatasetWriter.builder()
            .datasetId(id)
            .ownerOrg("org")
            .collaborationId("hospital-bank-demo")
            .schema(HospitalBankData.plain(CONTRACT.dataset(id).orElseThrow().schema()))
            .key(key)
            .spoolInMemory()
            .build()) {
      for (VectorSchemaRoot b : batches) {
        w.write(b);
      }
      w.finish(out);
    }
    assertThat(Files.size(out)).isPositive();
    return out;
  }

  @Test
  void explainsWithoutOpeningAnyDataset() {
    CheckedQuery q = CHECKER.check(SQL);
    try (BufferAllocator a = root.newChildAllocator("t", 0, Long.MAX_VALUE)) {
      QueryExecutor exec = new QueryExecutor(a, ExecutionLimits.defaults());
      String explained = exec.explain(q.plan().orElseThrow());
      assertThat(explained)
          .isEqualTo(exec.execute(q, data.source()).plan())
          .contains("ArrowHashJoin");
    }
  }
}
