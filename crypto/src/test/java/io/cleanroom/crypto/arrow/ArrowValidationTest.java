package io.cleanroom.crypto.arrow;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Variable-width offsets that could make unchecked reads leave their buffers are refused. */
class ArrowValidationTest {

  private final BufferAllocator allocator = new RootAllocator();
  private VarCharVector names;

  @BeforeEach
  void setUp() {
    names = new VarCharVector("name", allocator);
    for (int i = 0; i < 1000; i++) {
      names.setSafe(i, ("name-" + i).getBytes(StandardCharsets.UTF_8));
    }
    names.setValueCount(1000);
  }

  @AfterEach
  void tearDown() {
    names.close();
    allocator.close();
  }

  private void setOffset(int index, int value) {
    names.getOffsetBuffer().setInt((long) index * 4, value);
  }

  @Test
  void acceptsAValidVector() {
    assertThatCode(() -> ArrowValidation.check(names)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 500, 999})
  void refusesOffsetsThatDecreaseAnywhere(int index) {
    setOffset(index, names.getOffsetBuffer().getInt((long) (index - 1) * 4) - 1);
    assertThatThrownBy(() -> ArrowValidation.check(names)).isInstanceOf(RuntimeException.class);
  }

  @Test
  void refusesANegativeFirstOffset() {
    setOffset(0, -1);
    assertThatThrownBy(() -> ArrowValidation.check(names)).isInstanceOf(RuntimeException.class);
  }

  @Test
  void refusesALastOffsetBeyondTheDataBuffer() {
    setOffset(1000, (int) names.getDataBuffer().capacity() + 1);
    assertThatThrownBy(() -> ArrowValidation.check(names)).isInstanceOf(RuntimeException.class);
  }

  @Test
  void refusesAValueCountBeyondTheOffsetBuffer() {
    // As a hostile IPC message would load it: buffers of 1000 values, a node claiming 100,000.
    try (VarCharVector loaded = new VarCharVector("name", allocator)) {
      loaded.loadFieldBuffers(
          new ArrowFieldNode(100_000, 0),
          List.of(names.getValidityBuffer(), names.getOffsetBuffer(), names.getDataBuffer()));
      assertThatThrownBy(() -> ArrowValidation.check(loaded)).isInstanceOf(RuntimeException.class);
    }
  }
}
