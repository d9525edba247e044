package io.cleanroom.query.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scan filters on plain string columns, checked against the same predicate evaluated in Java:
 * string {@code =} and {@code IN} matched on raw bytes (empty strings, non-ASCII, strings sharing a
 * prefix, strings longer than 7 bytes, nulls), mixed with numeric conjuncts and with conjuncts that
 * need interned strings, over Arrow batches of 10,000 rows that the scan reads in slices of 8,192
 * (so selections cross slice and batch boundaries). DuckDB cannot be the oracle here: the text
 * files that load it do not tell an empty string from a null.
 */
class ScanFilterTest {

  private static final List<String> WORDS =
      List.of(
          "",
          "a",
          "ab",
          "abc",
          "flu",
          "flu ",
          "fluenza",
          "asthma",
          "asthma-chronic-long-form",
          "asthma-chronic-long-forms",
          "é",
          "éa",
          "日本",
          "日本語",
          "😀",
          "Ab");

  private static BufferAllocator root;
  private static RawTables tables;
  private static final List<Object[]> ROWS = new ArrayList<>();

  @BeforeAll
  static void load() {
    root = new RootAllocator();
    tables = new RawTables(root, 10_000);
    Random r = new Random(11);
    for (int i = 0; i < 25_000; i++) {
      String w = r.nextInt(10) == 0 ? null : WORDS.get(r.nextInt(WORDS.size()));
      ROWS.add(new Object[] {(long) i, w, r.nextInt(100)});
    }
    tables.add(
        "words",
        new Schema(
            List.of(
                field("k", new ArrowType.Int(64, true)),
                field("w", ArrowType.Utf8.INSTANCE),
                field("x", new ArrowType.Int(32, true)))),
        ROWS);
  }

  private static Field field(String name, ArrowType type) {
    return new Field(name, new FieldType(true, type, null), null);
  }

  @AfterAll
  static void close() {
    tables.close();
    root.close();
  }

  private static Predicate<Object[]> in(String... words) {
    Set<String> set = Set.of(words);
    return row -> row[1] != null && set.contains((String) row[1]);
  }

  private static int x(Object[] row) {
    return (Integer) row[2];
  }

  static Stream<Arguments> counts() {
    return Stream.of(
        Arguments.of(
            "select count(*) from words where w in ('flu', 'é', 'éa')", in("flu", "é", "éa")),
        Arguments.of("select count(*) from words where w = ''", in("")),
        Arguments.of("select count(*) from words where w = 'flu '", in("flu ")),
        Arguments.of(
            "select count(*) from words where w in ('a', 'ab', 'abc') and x > 10",
            in("a", "ab", "abc").and(row -> x(row) > 10)),
        Arguments.of(
            "select count(*) from words where x < 30 and w = 'asthma-chronic-long-form'",
            in("asthma-chronic-long-form").and(row -> x(row) < 30)),
        Arguments.of(
            "select count(*) from words where w in ('fluenza', 'Ab') and w <> 'Ab' and x >= 50",
            in("fluenza").and(row -> x(row) >= 50)),
        Arguments.of(
            "select count(*) from words where w <> 'flu'",
            (Predicate<Object[]>) row -> row[1] != null && !row[1].equals("flu")),
        Arguments.of(
            "select count(*) from words where w not in ('a', 'ab')",
            (Predicate<Object[]>) row -> row[1] != null && !in("a", "ab").test(row)),
        Arguments.of(
            "select count(*) from words where w like 'flu%' and x > 5",
            (Predicate<Object[]>)
                row -> row[1] != null && ((String) row[1]).startsWith("flu") && x(row) > 5),
        Arguments.of("select count(*) from words where w in ('nothing', 'at all')", in()));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("counts")
  void countsTheRowsTheFilterKeeps(String sql, Predicate<Object[]> keep) {
    long expected = ROWS.stream().filter(keep).count();
    assertThat(run(sql)).as(sql).containsExactly(List.of(expected));
  }

  @Test
  void groupsByTheFilteredStringColumnAndAnother() {
    String sql =
        "select w, x, count(*) from words where w in ('flu', 'fluenza', 'éa', '') and x < 20"
            + " group by w, x";
    Map<List<Object>, Long> expected =
        ROWS.stream()
            .filter(in("flu", "fluenza", "éa", "").and(row -> x(row) < 20))
            .collect(
                Collectors.groupingBy(
                    row -> List.of(row[1], (long) x(row)),
                    java.util.HashMap::new,
                    Collectors.counting()));
    Map<List<Object>, Long> actual = new java.util.HashMap<>();
    for (List<Object> row : run(sql)) {
      actual.put(List.of(row.get(0), ((Number) row.get(1)).longValue()), (Long) row.get(2));
    }
    assertThat(actual).isEqualTo(expected).isNotEmpty();
  }

  @Test
  void keepsTheOrderOfRowsAcrossSlices() {
    List<List<Object>> rows = run("select k from words where w = 'abc' and x > 50");
    List<Long> expected =
        ROWS.stream().filter(in("abc").and(row -> x(row) > 50)).map(row -> (Long) row[0]).toList();
    assertThat(rows.stream().map(r -> (Long) r.get(0)).toList()).isEqualTo(expected);
    assertThat(expected.getLast()).isGreaterThan(10_000L);
  }

  private static List<List<Object>> run(String sql) {
    try (BufferAllocator a = root.newChildAllocator("scan-filter", 0, Long.MAX_VALUE)) {
      QueryResult r =
          new QueryExecutor(a, ExecutionLimits.defaults())
              .execute(tables.plan(sql), tables.source());
      return r.rows();
    }
  }
}
