package io.cleanroom.crypto.arrow;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.ValueVectorUtility;

/**
 * Structural validation of Arrow vectors that arrive from outside: every buffer is large enough for
 * the value count, and variable-width offsets start at or above zero, never decrease, and stay
 * inside the data buffer. After it, code may read the vector without bounds checks.
 *
 * <p>It checks memory safety, not content: unlike Arrow's {@code validateFull} it does not decode
 * every decimal or UTF-8 string (which costs more than decrypting the data).
 */
public final class ArrowValidation {

  private ArrowValidation() {}

  /** Throws {@link IllegalArgumentException} if {@code vector}'s buffers are inconsistent. */
  public static void check(FieldVector vector) {
    ValueVectorUtility.validate(vector);
    if (vector instanceof BaseVariableWidthVector v) {
      checkOffsets(v.getOffsetBuffer(), v.getValueCount(), v.getDataBuffer().capacity());
    }
    for (FieldVector child : vector.getChildrenFromFields()) {
      check(child);
    }
  }

  private static void checkOffsets(ArrowBuf offsets, int valueCount, long dataCapacity) {
    if (valueCount == 0) {
      return;
    }
    int previous = offsets.getInt(0);
    if (previous < 0) {
      throw new IllegalArgumentException("negative first offset");
    }
    for (int i = 1; i <= valueCount; i++) {
      int next = offsets.getInt((long) i * 4);
      if (next < previous) {
        throw new IllegalArgumentException("offsets decrease at index " + i);
      }
      previous = next;
    }
    if (previous > dataCapacity) {
      throw new IllegalArgumentException("offsets point beyond the data buffer");
    }
  }
}
