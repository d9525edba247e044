package io.cleanroom.query.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.query.QueryException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile Arrow vectors are refused with INVALID_DATA before any value is read out of bounds. */
class ArrowColumnsTest {

  private static final Field NAME =
      new Field("name", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
  private static final Field ID =
      new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null);

  private BufferAllocator allocator;
  private StringDictionary dict;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
    dict = new StringDictionary(new MemoryTracker(allocator, Long.MAX_VALUE));
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  private VarCharVector strings(String... values) {
    VarCharVector v = new VarCharVector(NAME, allocator);
    for (int i = 0; i < values.length; i++) {
      v.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
    }
    v.setValueCount(values.length);
    return v;
  }

  private void assertInvalid(FieldVector v, Field expected, int rows, String message) {
    assertThatThrownBy(() -> ArrowColumns.read(v, expected, rows, dict, Optional.empty()))
        .isInstanceOfSatisfying(
            QueryException.class,
            e -> {
              assertThat(e.code()).isEqualTo(QueryException.Code.INVALID_DATA);
              assertThat(e.getMessage()).contains(message);
            });
  }

  @Test
  void readsStringsAsDictionaryCodes() {
    try (VarCharVector v = strings("a", "bb", "a", "a much longer string")) {
      Vec col = ArrowColumns.read(v, NAME, 4, dict, Optional.empty());
      assertThat(col.longs).containsExactly(0, 1, 0, 2);
      assertThat(dict.get(2)).isEqualTo("a much longer string");
    }
  }

  @Test
  void refusesStringOffsetsBeyondTheDataBuffer() {
    try (VarCharVector v = strings("a", "b", "c")) {
      v.getOffsetBuffer().setInt(3L * 4, 1 << 30);
      assertInvalid(v, NAME, 3, "offsets outside its data buffer");
    }
  }

  @Test
  void refusesDecreasingStringOffsets() {
    try (VarCharVector v = strings("aa", "bb", "cc")) {
      v.getOffsetBuffer().setInt(2L * 4, 1);
      v.getOffsetBuffer().setInt(1L * 4, 4);
      assertInvalid(v, NAME, 3, "decreasing string offsets");
    }
  }

  @Test
  void refusesAValueCountOtherThanTheBatchRows() {
    try (VarCharVector v = strings("a", "b")) {
      assertInvalid(v, NAME, 3, "has 2 values in a batch of 3");
    }
  }

  @Test
  void refusesNullsInANonNullableColumn() {
    try (BigIntVector v = new BigIntVector(ID, allocator)) {
      v.setSafe(0, 1);
      v.setNull(1);
      v.setValueCount(2);
      assertInvalid(v, ID, 2, "holds nulls but is not nullable");
    }
  }

  @Test
  void refusesAVectorOfAnotherType() {
    try (IntVector v = new IntVector("id", allocator)) {
      v.setSafe(0, 1);
      v.setValueCount(1);
      assertInvalid(v, ID, 1, "but the contract declares");
    }
  }

  @Test
  void refusesADictionaryIndexOutOfRange() {
    DictionaryEncoding enc = new DictionaryEncoding(9, false, new ArrowType.Int(32, true));
    Field encoded = new Field("name", new FieldType(false, new ArrowType.Int(32, true), enc), null);
    try (VarCharVector values = strings("x", "y");
        IntVector idx = new IntVector(encoded, allocator)) {
      idx.setSafe(0, 1);
      idx.setSafe(1, 2);
      idx.setValueCount(2);
      var provider = new DictionaryProvider.MapDictionaryProvider(new Dictionary(values, enc));
      assertThatThrownBy(() -> ArrowColumns.read(idx, NAME, 2, dict, Optional.of(provider)))
          .isInstanceOfSatisfying(
              QueryException.class,
              e -> assertThat(e.getMessage()).contains("dictionary index out of range"));
    }
  }
}
