package io.cleanroom.query.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.SealedDatasetWriter;
import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.Contracts;
import io.cleanroom.query.Fixtures;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.QueryException;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.plan.DpAggregate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the executor refuses: queries the check refused, memory and time beyond the limits, sealed
 * inputs that were tampered with or belong to another dataset, DP without a releaser. Every failure
 * leaves no buffer behind (each test closes its allocator).
 */
class ExecutorRefusalTest {

  private static final Contract CONTRACT = Fixtures.hospitalBank();
  private static final QueryChecker CHECKER = new QueryChecker(CONTRACT);
  private static final String GROUP_BY =
      "SELECT diagnosis, COUNT(*) FROM visits GROUP BY diagnosis";

  @TempDir Path dir;
  private BufferAllocator root;
  private HospitalBankData data;

  @BeforeEach
  void setUp() {
    root = new RootAllocator();
    data = new HospitalBankData(root, schema("visits"), schema("accounts"), 20_000, 2_000, 5_000);
  }

  @AfterEach
  void tearDown() {
    data.close();
    root.close();
  }

  private static Schema schema(String dataset) {
    return CONTRACT.dataset(dataset).orElseThrow().schema();
  }

  @Test
  void refusesToRunAQueryTheCheckRefused() {
    CheckedQuery refused = CHECKER.check("SELECT person_id, cost FROM visits");
    assertThat(refused.report().allowed()).isFalse();
    AtomicInteger opened = new AtomicInteger();
    DatasetSource counting =
        (id, cols, a) -> {
          opened.incrementAndGet();
          return data.source().open(id, cols, a);
        };
    try (BufferAllocator a = root.newChildAllocator("t", 0, Long.MAX_VALUE)) {
      assertThatThrownBy(
              () -> new QueryExecutor(a, ExecutionLimits.defaults()).execute(refused, counting))
          .isInstanceOfSatisfying(
              QueryException.class,
              e -> assertThat(e.code()).isEqualTo(QueryException.Code.REFUSED));
    }
    assertThat(opened).hasValue(0);
  }

  @Test
  void failsWithMemoryLimitAndLeavesNoBuffers() {
    CheckedQuery q =
        CHECKER.check(
            "SELECT zip3, diagnosis, visit_date, COUNT(*) FROM visits GROUP BY zip3, diagnosis, visit_date");
    BufferAllocator a = root.newChildAllocator("t", 0, Long.MAX_VALUE);
    ExecutionLimits tight = new ExecutionLimits(256 << 10, Duration.ofMinutes(1), 2);
    assertThatThrownBy(() -> new QueryExecutor(a, tight).execute(q, data.source()))
        .isInstanceOfSatisfying(
            QueryException.class,
            e -> {
              assertThat(e.code()).isEqualTo(QueryException.Code.MEMORY_LIMIT);
              assertThat(e.getMessage()).contains("memory limit of 262144 bytes");
            });
    assertThat(a.getAllocatedMemory()).isZero();
    a.close();
  }

  @Test
  void runsTheSameQueryWithinAnAmpleLimit() {
    CheckedQuery q = CHECKER.check(GROUP_BY);
    try (BufferAllocator a = root.newChildAllocator("t", 0, Long.MAX_VALUE)) {
      ExecutionLimits ample = new ExecutionLimits(64 << 20, Duration.ofMinutes(1), 1);
      assertThat(new QueryExecutor(a, ample).execute(q, data.source()).rows()).isNotEmpty();
    }
  }

  @Test
  void failsWithTimeLimit() {
    CheckedQuery q = CHECKER.check(GROUP_BY);
    try (BufferAllocator a = root.newChildAllocator("t", 0, Long.MAX_VALUE)) {
      ExecutionLimits instant = new ExecutionLimits(64 << 20, Duration.ofNanos(1), 1);
      assertThatThrownBy(() -> new QueryExecutor(a, instant).execute(q, data.source()))
          .isInstanceOfSatisfying(
              QueryException.class,
              e -> assertThat(e.code()).isEqualTo(QueryException.Code.TIME_LIMIT));
    }
  }

  @Test
  void refusesDifferentialPrivacyWithoutAReleaser() {
    CheckedQuery q = new QueryChecker(Contracts.withDpOnVisits()).check(GROUP_BY);
    assertThat(q.report().allowed()).as(q.report().refusals().toString()).isTrue();
    try (BufferAllocator a = root.newChildAllocator("t", 0, Long.MAX_VALUE)) {
      assertThatThrownBy(
              () -> new QueryExecutor(a, ExecutionLimits.defaults()).execute(q, data.source()))
          .isInstanceOfSatisfying(
              QueryException.class,
              e -> assertThat(e.code()).isEqualTo(QueryException.Code.UNSUPPORTED));
    }
  }

  @Test
  void handsTheDpAggregateInputToTheReleaserAndPublishesOnlyItsRows() {
    CheckedQuery q = new QueryChecker(Contracts.withDpOnVisits()).check(GROUP_BY);
    List<Integer> seenRows = new ArrayList<>();
    List<String> seenFields = new ArrayList<>();
    DpReleaser fake =
        (DpAggregate node, DpReleaser.Input input) -> {
          seenRows.add(input.rowCount());
          seenFields.addAll(input.fieldNames());
          return new DpReleaser.Release(List.of(List.of("noisy", 123L)), 7);
        };
    try (BufferAllocator a = root.newChildAllocator("t", 0, Long.MAX_VALUE)) {
      QueryResult r =
          new QueryExecutor(a, ExecutionLimits.defaults(), Optional.of(fake))
              .execute(q, data.source());
      assertThat(r.rows()).containsExactly(List.of("noisy", 123L));
      assertThat(r.suppressedGroups()).isEqualTo(7);
      assertThat(r.plan()).contains("DpAggregate(").contains("[fallback]");
    }
    assertThat(seenRows).containsExactly(20_000);
    assertThat(seenFields).contains("diagnosis");
  }

  private Path seal(String datasetId, Schema schema, List<VectorSchemaRoot> batches, DatasetKey key)
      throws Exception {
    Path out = dir.resolve(datasetId + "-" + System.nanoTime() + ".sealed");
    try (SealedDatasetWriter w =
        SealedDatasetWriter.builder()
            .datasetId(datasetId)
            .ownerOrg("hospital")
            .collaborationId("hospital-bank-demo")
            .schema(HospitalBankData.plain(schema))
            .key(key)
            .spoolInMemory()
            .build()) {
      for (VectorSchemaRoot b : batches) {
        w.write(b);
      }
      w.finish(out);
    }
    return out;
  }

  @Test
  void runsOnSealedFilesWithTheSameResultAsInMemory() throws Exception {
    CheckedQuery q = CHECKER.check(GROUP_BY);
    try (DatasetKey key = DatasetKey.generate();
        BufferAllocator a = root.newChildAllocator("t", 0, Long.MAX_VALUE)) {
      Path file = seal("visits", schema("visits"), data.visits, key);
      SealedDatasetSource sealed =
          new SealedDatasetSource(
              Map.of("visits", new SealedDatasetSource.Sealed(file, key, schema("visits"))));
      QueryExecutor exec = new QueryExecutor(a, ExecutionLimits.defaults());
      QueryResult fromSealed = exec.execute(q, sealed);
      QueryResult inMemory = exec.execute(q, data.source());
      assertThat(fromSealed.rows())
          .isNotEmpty()
          .containsExactlyInAnyOrderElementsOf(inMemory.rows());
      assertThat(fromSealed.suppressedGroups()).isEqualTo(inMemory.suppressedGroups());
    }
  }

  @Test
  void refusesATamperedSealedFileWithoutAResult() throws Exception {
    CheckedQuery q = CHECKER.check(GROUP_BY);
    try (DatasetKey key = DatasetKey.generate();
        BufferAllocator a = root.newChildAllocator("t", 0, Long.MAX_VALUE)) {
      Path file = seal("visits", schema("visits"), data.visits, key);
      byte[] bytes = Files.readAllBytes(file);
      long bodyStart;
      io.cleanroom.crypto.dataset.SealedHeader.ByteRange personIds;
      try (var reader = io.cleanroom.crypto.dataset.SealedDatasetReader.open(file)) {
        var layout = reader.header().layout();
        bodyStart = bytes.length - layout.bodyLength();
        personIds = layout.ranges().get(0);
      }
      bytes[(int) (bodyStart + personIds.offset() + personIds.length() / 2)] ^= 1;
      Files.write(file, bytes);
      SealedDatasetSource sealed =
          new SealedDatasetSource(
              Map.of("visits", new SealedDatasetSource.Sealed(file, key, schema("visits"))));
      assertThatThrownBy(
              () ->
                  new QueryExecutor(a, new ExecutionLimits(64 << 20, Duration.ofMinutes(1), 2))
                      .execute(q, sealed))
          .isInstanceOfSatisfying(
              QueryException.class,
              e -> {
                assertThat(e.code()).isEqualTo(QueryException.Code.INVALID_DATA);
                assertThat(e.getCause()).isInstanceOf(io.cleanroom.crypto.CryptoException.class);
              });
      assertThat(a.getAllocatedMemory()).isZero();
    }
  }

  @Test
  void refusesASealedFileOfAnotherDataset() throws Exception {
    CheckedQuery q = CHECKER.check(GROUP_BY);
    try (DatasetKey key = DatasetKey.generate();
        BufferAllocator a = root.newChildAllocator("t", 0, Long.MAX_VALUE)) {
      Path other = seal("accounts", schema("accounts"), data.accounts, key);
      SealedDatasetSource swapped =
          new SealedDatasetSource(
              Map.of("visits", new SealedDatasetSource.Sealed(other, key, schema("visits"))));
      assertThatThrownBy(() -> new QueryExecutor(a, ExecutionLimits.defaults()).execute(q, swapped))
          .isInstanceOfSatisfying(
              QueryException.class,
              e -> {
                assertThat(e.code()).isEqualTo(QueryException.Code.INVALID_DATA);
                assertThat(e.getMessage()).contains("holds dataset 'accounts'");
              });
    }
  }

  @Test
  void refusesAVectorOfTheWrongType() {
    CheckedQuery q = CHECKER.check(GROUP_BY);
    DatasetSource wrong =
        (id, cols, a) -> data.source().open("accounts", List.of("income_band", "person_id"), a);
    try (BufferAllocator a = root.newChildAllocator("t", 0, Long.MAX_VALUE)) {
      assertThatThrownBy(() -> new QueryExecutor(a, ExecutionLimits.defaults()).execute(q, wrong))
          .isInstanceOfSatisfying(
              QueryException.class,
              e -> assertThat(e.code()).isEqualTo(QueryException.Code.INVALID_DATA));
    }
  }
}
