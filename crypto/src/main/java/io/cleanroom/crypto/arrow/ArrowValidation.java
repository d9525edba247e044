package io.cleanroom.crypto.arrow;

import java.nio.ByteOrder;
import java.nio.IntBuffer;
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

  /**
   * Throws a {@link RuntimeException} ({@link IllegalArgumentException}, or Arrow's own validation
   * or bounds exceptions) if {@code vector}'s buffers are inconsistent.
   */
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
    long bytes = ((long) valueCount + 1) * Integer.BYTES;
    if (offsets.capacity() < bytes) {
      throw new IllegalArgumentException("offset buffer too small for the value count");
    }
    // One pass over a little-endian view: the JIT hoists its bounds checks out of the loop
    // (ArrowBuf.getInt checks every access).
    IntBuffer view = offsets.nioBuffer(0, (int) bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
    int previous = view.get(0);
    if (previous < 0) {
      throw new IllegalArgumentException("negative first offset");
    }
    boolean decreasing = false;
    for (int i = 1; i <= valueCount; i++) {
      int next = view.get(i);
      decreasing |= next < previous;
      previous = next;
    }
    if (decreasing) {
      throw new IllegalArgumentException("offsets decrease");
    }
    if (previous > dataCapacity) {
      throw new IllegalArgumentException("offsets point beyond the data buffer");
    }
  }
}
