package io.cleanroom.query.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.Fixtures;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.contract.Contract;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Physical plans as text, and dictionary-encoded inputs giving the same results as plain ones. */
class PhysicalPlanTest {

  private static final Contract CONTRACT = Fixtures.hospitalBank();
  private static final QueryChecker CHECKER =
      new QueryChecker(CONTRACT, Map.of("visits", 10_000_000L, "accounts", 1_000_000L));

  private static final ExecutionLimits TWO_WORKERS =
      new ExecutionLimits(512L << 20, java.time.Duration.ofMinutes(1), 2);

  private BufferAllocator root;
  private HospitalBankData data;

  @BeforeEach
  void setUp() {
    root = new RootAllocator();
    data = HospitalBankData.of(root, CONTRACT, 20_000, 2_000, 4_000);
  }

  @AfterEach
  void tearDown() {
    data.close();
    root.close();
  }

  private QueryResult run(String sql, DatasetSource source) {
    CheckedQuery q = CHECKER.check(sql);
    try (BufferAllocator a = root.newChildAllocator("t", 0, Long.MAX_VALUE)) {
      return new QueryExecutor(a, TWO_WORKERS).execute(q, source);
    }
  }

  @Test
  void printsTheVectorizedPlanOfAGroupByWithHavingOrderAndLimit() {
    QueryResult r =
        run(
            "SELECT zip3, SUM(cost), COUNT(*) FROM visits GROUP BY zip3 HAVING COUNT(*) > 100"
                + " ORDER BY 2 DESC LIMIT 10",
            data.source());
    assertThat(r.plan())
        .isEqualTo(
            """
            ArrowSort(collation=[1 DESC], fetch=10) [vectorized]
              ArrowFilter(condition=>($2, 100)) [vectorized]
                ArrowSuppressSmallGroups(keep=3, thresholds=[$3>=10 [visits]]) [vectorized]
                  ArrowHashAggregate(group={0}, calls=[SUM($1), COUNT(), COUNT(DISTINCT $2)], workers=2) [vectorized]
                    ArrowScan(table=visits, columns=[zip3, cost, person_id]) [vectorized]
            """);
  }

  @Test
  void buildsTheJoinOnTheSmallerInputAndPushesFiltersIntoScans() {
    QueryResult r =
        run(
            "SELECT a.region, v.diagnosis, COUNT(*), SUM(v.cost) FROM visits v JOIN accounts a"
                + " ON v.person_id = a.person_id WHERE v.visit_date >= DATE '2024-01-01'"
                + " GROUP BY a.region, v.diagnosis",
            data.source());
    assertThat(r.plan())
        .isEqualTo(
            """
            ArrowSuppressSmallGroups(keep=4, thresholds=[$4>=10 [accounts, visits]]) [vectorized]
              ArrowHashAggregate(group={0, 1}, calls=[COUNT(), SUM($2), COUNT(DISTINCT $3)], workers=2) [vectorized]
                ArrowProject([$4, $1, $2, $3]) [vectorized]
                  ArrowHashJoin(type=inner, build=right (rows≈1000000 vs 5000000), keys=[0]=[0]) [vectorized]
                    ArrowProject([$0, $1, $3]) [vectorized]
                      ArrowScan(table=visits, columns=[person_id, diagnosis, visit_date, cost], filter=>=($2, 2024-01-01)) [vectorized]
                    ArrowScan(table=accounts, columns=[person_id, region]) [vectorized]
            """);
  }

  @Test
  void marksWindowFunctionsAsFallback() {
    QueryResult r =
        run(
            "SELECT diagnosis, RANK() OVER (ORDER BY AVG(cost) DESC) AS r FROM visits"
                + " GROUP BY diagnosis",
            data.source());
    assertThat(r.plan())
        .contains("Window(groups=[window(order by [1 DESC] aggs [RANK()])]) [fallback]")
        .contains("ArrowHashAggregate(");
  }

  @Test
  void readsDictionaryEncodedStringsLikePlainOnes() {
    Map<Long, Dictionary> dictionaries = new java.util.HashMap<>();
    List<VectorSchemaRoot> encoded = new ArrayList<>();
    // The contract says utf8; a data source may still hand the same strings over
    // dictionary-encoded.
    Map<String, DictionaryEncoding> encodings =
        Map.of(
            "zip3", new DictionaryEncoding(1, false, new ArrowType.Int(32, true)),
            "diagnosis", new DictionaryEncoding(2, false, new ArrowType.Int(32, true)));
    try {
      for (String column : List.of("zip3", "diagnosis")) {
        DictionaryEncoding enc = encodings.get(column);
        VarCharVector values = new VarCharVector(column + "-dict", root);
        java.util.TreeSet<String> distinct = new java.util.TreeSet<>();
        for (VectorSchemaRoot b : data.visits) {
          VarCharVector v = (VarCharVector) b.getVector(column);
          for (int i = 0; i < b.getRowCount(); i++) {
            distinct.add(new String(v.get(i), StandardCharsets.UTF_8));
          }
        }
        int k = 0;
        for (String s : distinct.descendingSet()) {
          values.setSafe(k++, s.getBytes(StandardCharsets.UTF_8));
        }
        values.setValueCount(k);
        dictionaries.put(enc.getId(), new Dictionary(values, enc));
      }
      for (VectorSchemaRoot b : data.visits) {
        List<FieldVector> vectors = new ArrayList<>();
        for (FieldVector v : b.getFieldVectors()) {
          DictionaryEncoding enc = encodings.get(v.getName());
          vectors.add(
              enc == null
                  ? v
                  : (FieldVector) DictionaryEncoder.encode(v, dictionaries.get(enc.getId())));
        }
        encoded.add(new VectorSchemaRoot(vectors));
      }
      DatasetSource source =
          new InMemoryDatasetSource(
              Map.of("visits", encoded, "accounts", data.accounts),
              Optional.of(
                  new DictionaryProvider.MapDictionaryProvider(
                      dictionaries.values().toArray(Dictionary[]::new))));
      for (String sql :
          List.of(
              "SELECT zip3, diagnosis, COUNT(*) FROM visits GROUP BY zip3, diagnosis",
              "SELECT diagnosis, COUNT(*) FROM visits WHERE zip3 LIKE '02%' GROUP BY diagnosis",
              "SELECT a.region, v.diagnosis, COUNT(*) FROM visits v JOIN accounts a"
                  + " ON v.person_id = a.person_id GROUP BY a.region, v.diagnosis")) {
        QueryResult plain = run(sql, data.source());
        QueryResult dict = run(sql, source);
        assertThat(dict.rows())
            .as(sql)
            .isNotEmpty()
            .containsExactlyInAnyOrderElementsOf(plain.rows());
        assertThat(dict.suppressedGroups()).isEqualTo(plain.suppressedGroups());
      }
    } finally {
      for (VectorSchemaRoot e : encoded) {
        for (FieldVector v : e.getFieldVectors()) {
          if (v.getField().getDictionary() != null) {
            v.close();
          }
        }
      }
      dictionaries.values().forEach(d -> d.getVector().close());
    }
  }

  @Test
  void convertsResultsToArrow() {
    QueryResult r =
        run(
            "SELECT diagnosis, COUNT(*) AS n, SUM(cost) AS total, AVG(cost) AS mean,"
                + " EXTRACT(YEAR FROM visit_date) AS y FROM visits"
                + " GROUP BY diagnosis, EXTRACT(YEAR FROM visit_date)",
            data.source());
    try (VectorSchemaRoot arrow = r.toArrow(root)) {
      assertThat(arrow.getRowCount()).isEqualTo(r.rows().size()).isPositive();
      assertThat(r.columnTypes().stream().map(ResultType::toString))
          .containsExactly("VARCHAR", "BIGINT", "DECIMAL(18,2)", "DOUBLE", "BIGINT");
      for (int row = 0; row < r.rows().size(); row++) {
        List<Object> expected = r.rows().get(row);
        assertThat(arrow.getVector("diagnosis").getObject(row).toString())
            .isEqualTo(expected.get(0));
        assertThat(arrow.getVector("n").getObject(row)).isEqualTo(expected.get(1));
        assertThat(arrow.getVector("total").getObject(row)).isEqualTo(expected.get(2));
        assertThat(arrow.getVector("mean").getObject(row)).isEqualTo(expected.get(3));
      }
    }
  }
}
