package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Optional;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Converts Arrow vectors into {@link Vec} columns. Buffer lengths are checked against the row count
 * (and string offsets against the data buffer) before any value is read, because the data comes
 * from outside the enclave.
 *
 * <p><b>Security:</b> every read below is within a length validated here; a vector whose type is
 * not the one the contract declares is refused with {@code INVALID_DATA}.
 */
final class ArrowColumns {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLES =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

  /** Per-thread scratch space for bulk copies out of Arrow buffers (one slice's worth). */
  private static final int MAX_SCRATCH = 16 * ScanSource.CHUNK;

  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);

  private ArrowColumns() {}

  /** Strings copied out of an Arrow vector, not yet interned. */
  record RawStrings(int[] offsets, byte[] bytes, boolean[] nulls, int rows) {}

  /** Reads and interns a vector in one step (single-threaded callers and tests). */
  static Vec read(
      FieldVector v,
      Field expected,
      int rows,
      StringDictionary dict,
      Optional<DictionaryProvider> dictionaries) {
    return finish(
        readRaw(v, expected, rows, dict, dictionaries), new StringCache(dict, dict.memory()));
  }

  /** Interns raw strings; other columns are already final. */
  static Vec finish(Object raw, StringCache strings) {
    if (raw instanceof RawStrings r) {
      long[] codes = new long[r.rows()];
      int[] off = r.offsets();
      byte[] bytes = r.bytes();
      for (int i = 0; i < codes.length; i++) {
        codes[i] = strings.intern(bytes, off[i], off[i + 1] - off[i]);
      }
      return Vec.ofLongs(codes, r.nulls());
    }
    return (Vec) raw;
  }

  /** The codes of raw strings at rows {@code sel[0..n)}. */
  static Vec intern(RawStrings r, int[] sel, int n, StringCache strings) {
    long[] codes = new long[n];
    int[] off = r.offsets();
    byte[] bytes = r.bytes();
    boolean[] nulls = r.nulls();
    boolean[] outNulls = null;
    for (int j = 0; j < n; j++) {
      int i = sel[j];
      if (nulls != null && nulls[i]) {
        if (outNulls == null) {
          outNulls = new boolean[n];
        }
        outNulls[j] = true;
      } else {
        codes[j] = strings.intern(bytes, off[i], off[i + 1] - off[i]);
      }
    }
    return Vec.ofLongs(codes, outNulls);
  }

  /**
   * Validates a vector and copies it out of its Arrow buffers: a final {@link Vec}, or {@link
   * RawStrings} for plain strings (interned later, outside the scan's lock).
   */
  static Object readRaw(
      FieldVector v,
      Field expected,
      int rows,
      StringDictionary dict,
      Optional<DictionaryProvider> dictionaries) {
    return readRaw(v, expected, rows, 0, rows, dict, dictionaries);
  }

  /**
   * Like {@link #readRaw(FieldVector, Field, int, StringDictionary, Optional)}, but copies only
   * rows {@code [from, from+count)} of the vector's {@code rows} ({@code from} a multiple of 8).
   * Buffer lengths are checked against all {@code rows}; offsets, nulls and decimal widths are
   * checked for the rows copied.
   */
  static Object readRaw(
      FieldVector v,
      Field expected,
      int rows,
      int from,
      int count,
      StringDictionary dict,
      Optional<DictionaryProvider> dictionaries) {
    if (from < 0 || count < 0 || (from & 7) != 0 || (long) from + count > rows) {
      throw invalid(expected, "is read at rows " + from + "+" + count + " of a batch of " + rows);
    }
    if (v.getValueCount() != rows) {
      throw invalid(expected, "has " + v.getValueCount() + " values in a batch of " + rows);
    }
    DictionaryEncoding enc = v.getField().getDictionary();
    if (enc != null) {
      return readEncoded(v, expected, rows, from, count, dict, dictionaries, enc);
    }
    checkType(v.getField().getType(), expected);
    boolean[] nulls = nulls(v, expected, rows, from, count);
    return switch (v) {
      case VarCharVector s -> rawStrings(s, expected, rows, from, count, nulls);
      case Float8Vector f -> Vec.ofDoubles(doubles(f, expected, rows, from, count), nulls);
      case Float4Vector f -> Vec.ofDoubles(floats(f, expected, rows, from, count), nulls);
      case DecimalVector d -> Vec.ofLongs(decimals(d, expected, rows, from, count, nulls), nulls);
      case BitVector b -> Vec.ofLongs(bits(b, expected, rows, from, count), nulls);
      case DateMilliVector d -> Vec.ofLongs(days(longs(d, expected, rows, from, count)), nulls);
      case TimeStampVector t ->
          Vec.ofLongs(millis(t, longs(t, expected, rows, from, count)), nulls);
      case BigIntVector b -> Vec.ofLongs(longs(b, expected, rows, from, count), nulls);
      case DateDayVector d -> Vec.ofLongs(ints(d, expected, rows, from, count, 4), nulls);
      case IntVector i -> Vec.ofLongs(ints(i, expected, rows, from, count, 4), nulls);
      case SmallIntVector s -> Vec.ofLongs(ints(s, expected, rows, from, count, 2), nulls);
      case TinyIntVector t -> Vec.ofLongs(ints(t, expected, rows, from, count, 1), nulls);
      default -> throw invalid(expected, "has the unsupported vector type " + v.getMinorType());
    };
  }

  private static void checkType(ArrowType actual, Field expected) {
    if (!actual.equals(expected.getType())) {
      throw invalid(
          expected, "has type " + actual + " but the contract declares " + expected.getType());
    }
  }

  private static Vec readEncoded(
      FieldVector v,
      Field expected,
      int rows,
      int from,
      int count,
      StringDictionary dict,
      Optional<DictionaryProvider> dictionaries,
      DictionaryEncoding enc) {
    if (!(expected.getType() instanceof ArrowType.Utf8) || !(v instanceof BaseIntVector)) {
      throw invalid(expected, "is dictionary-encoded but not a string column");
    }
    Dictionary d = dictionaries.map(p -> p.lookup(enc.getId())).orElse(null);
    if (d == null || !(d.getVector() instanceof VarCharVector values)) {
      throw invalid(expected, "refers to a missing or non-string dictionary " + enc.getId());
    }
    int entries = values.getValueCount();
    if (nulls(values, expected.isNullable() ? expected : nullable(expected), entries, 0, entries)
        != null) {
      throw invalid(expected, "has a dictionary with null entries");
    }
    RawStrings entryBytes = rawStrings(values, expected, entries, 0, entries, null);
    long[] map = new long[entries];
    for (int i = 0; i < entries; i++) {
      int[] o = entryBytes.offsets();
      map[i] = dict.intern(entryBytes.bytes(), o[i], o[i + 1] - o[i]);
    }
    boolean[] nulls = nulls(v, expected, rows, from, count);
    int width = ((BaseFixedWidthVector) v).getTypeWidth();
    long[] idx = ints((BaseFixedWidthVector) v, expected, rows, from, count, width);
    long[] codes = new long[count];
    for (int i = 0; i < count; i++) {
      if (nulls != null && nulls[i]) {
        continue;
      }
      long k = idx[i];
      if (k < 0 || k >= entries) {
        throw invalid(expected, "has a dictionary index out of range");
      }
      codes[i] = map[(int) k];
    }
    return Vec.ofLongs(codes, nulls);
  }

  /** The null flags of rows {@code [from, from+count)} ({@code from} a multiple of 8), or null. */
  private static boolean[] nulls(FieldVector v, Field expected, int rows, int from, int count) {
    if (rows == 0) {
      return null;
    }
    ArrowBuf validity = v.getValidityBuffer();
    long need = (rows + 7L) / 8;
    if (validity == null || validity.capacity() < need) {
      throw invalid(expected, "has a validity buffer shorter than its values");
    }
    if (count == 0) {
      return null;
    }
    byte[] bits = new byte[(count + 7) / 8];
    validity.getBytes(from >>> 3, bits);
    int lastBits = count & 7;
    boolean all = true;
    for (int b = 0; b < bits.length; b++) {
      int want = b == bits.length - 1 && lastBits != 0 ? (1 << lastBits) - 1 : 0xff;
      if ((bits[b] & want) != want) {
        all = false;
        break;
      }
    }
    if (all) {
      return null;
    }
    if (!expected.isNullable()) {
      throw invalid(expected, "holds nulls but is not nullable");
    }
    boolean[] nulls = new boolean[count];
    for (int i = 0; i < count; i++) {
      nulls[i] = (bits[i >>> 3] >>> (i & 7) & 1) == 0;
    }
    return nulls;
  }

  private static ArrowBuf data(FieldVector v, Field expected, long bytes) {
    ArrowBuf data = v.getDataBuffer();
    if (data == null || data.capacity() < bytes) {
      throw invalid(expected, "has a data buffer shorter than its values");
    }
    return data;
  }

  private static long[] longs(
      BaseFixedWidthVector v, Field expected, int rows, int from, int count) {
    ArrowBuf data = data(v, expected, rows * 8L);
    long[] out = new long[count];
    copyLongs(data, from * 8L, out, count);
    return out;
  }

  /**
   * Copies {@code count} little-endian longs from {@code data} at byte {@code offset} (within a
   * length checked by the caller): one bulk copy, then a conversion loop. Cheaper per slice than an
   * NIO view of the buffer.
   */
  private static void copyLongs(ArrowBuf data, long offset, long[] out, int count) {
    byte[] tmp = copy(data, offset, count * 8);
    for (int i = 0; i < count; i++) {
      out[i] = (long) LONGS.get(tmp, i * 8);
    }
  }

  /**
   * Bytes {@code [offset, offset+length)} of {@code data} (within a length checked by the caller)
   * in this thread's scratch array, valid until the next call.
   */
  private static byte[] copy(ArrowBuf data, long offset, int length) {
    byte[] tmp = SCRATCH.get();
    if (tmp.length < length) {
      tmp = new byte[length];
      if (length <= MAX_SCRATCH) {
        SCRATCH.set(tmp);
      }
    }
    data.getBytes(offset, tmp, 0, length);
    return tmp;
  }

  private static long[] ints(
      BaseFixedWidthVector v, Field expected, int rows, int from, int count, int width) {
    ArrowBuf data = data(v, expected, (long) rows * width);
    long[] out = new long[count];
    long base = (long) from * width;
    switch (width) {
      case 8 -> copyLongs(data, base, out, count);
      case 4 -> {
        byte[] tmp = copy(data, base, count * 4);
        for (int i = 0; i < count; i++) {
          out[i] = (int) INTS.get(tmp, i * 4);
        }
      }
      case 2 -> {
        for (int i = 0; i < count; i++) {
          out[i] = data.getShort(base + i * 2L);
        }
      }
      default -> {
        for (int i = 0; i < count; i++) {
          out[i] = data.getByte(base + i);
        }
      }
    }
    return out;
  }

  private static double[] doubles(Float8Vector v, Field expected, int rows, int from, int count) {
    ArrowBuf data = data(v, expected, rows * 8L);
    double[] out = new double[count];
    byte[] tmp = copy(data, from * 8L, count * 8);
    for (int i = 0; i < count; i++) {
      out[i] = (double) DOUBLES.get(tmp, i * 8);
    }
    return out;
  }

  private static double[] floats(Float4Vector v, Field expected, int rows, int from, int count) {
    ArrowBuf data = data(v, expected, rows * 4L);
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = data.getFloat((from + (long) i) * 4L);
    }
    return out;
  }

  private static long[] bits(BitVector v, Field expected, int rows, int from, int count) {
    ArrowBuf data = data(v, expected, (rows + 7L) / 8);
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      int j = from + i;
      out[i] = data.getByte(j >>> 3) >>> (j & 7) & 1;
    }
    return out;
  }

  private static long[] decimals(
      DecimalVector v, Field expected, int rows, int from, int count, boolean[] nulls) {
    ArrowBuf data = data(v, expected, rows * 16L);
    byte[] tmp = copy(data, from * 16L, count * 16);
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      long lo = (long) LONGS.get(tmp, i * 16);
      long hi = (long) LONGS.get(tmp, i * 16 + 8);
      if (hi != (lo >> 63) && (nulls == null || !nulls[i])) {
        throw invalid(expected, "holds a decimal wider than 18 digits");
      }
      out[i] = lo;
    }
    return out;
  }

  private static long[] days(long[] millis) {
    for (int i = 0; i < millis.length; i++) {
      millis[i] = Math.floorDiv(millis[i], Types.MILLIS_PER_DAY);
    }
    return millis;
  }

  private static long[] millis(TimeStampVector t, long[] v) {
    TimeUnit unit = ((ArrowType.Timestamp) t.getField().getType()).getUnit();
    for (int i = 0; i < v.length; i++) {
      v[i] =
          switch (unit) {
            case SECOND -> v[i] * 1000;
            case MILLISECOND -> v[i];
            case MICROSECOND -> Math.floorDiv(v[i], 1000L);
            case NANOSECOND -> Math.floorDiv(v[i], 1_000_000L);
          };
    }
    return v;
  }

  /** Rows {@code [from, from+count)} of a string vector, with offsets rebased to its bytes. */
  private static RawStrings rawStrings(
      VarCharVector v, Field expected, int rows, int from, int count, boolean[] nulls) {
    if (rows == 0 || count == 0) {
      return new RawStrings(new int[1], new byte[0], nulls, 0);
    }
    ArrowBuf offsets = v.getOffsetBuffer();
    if (offsets == null || offsets.capacity() < (rows + 1L) * 4) {
      throw invalid(expected, "has an offset buffer shorter than its values");
    }
    int[] off = new int[count + 1];
    byte[] tmp = copy(offsets, from * 4L, (count + 1) * 4);
    for (int i = 0; i <= count; i++) {
      off[i] = (int) INTS.get(tmp, i * 4);
    }
    ArrowBuf data = v.getDataBuffer();
    int start = off[0];
    long end = off[count];
    if (start < 0 || data == null || end > data.capacity() || end < start) {
      throw invalid(expected, "has string offsets outside its data buffer");
    }
    for (int i = 0; i < count; i++) {
      if (off[i + 1] < off[i]) {
        throw invalid(expected, "has decreasing string offsets");
      }
    }
    byte[] bytes = new byte[(int) (end - start)];
    data.getBytes(start, bytes);
    if (start != 0) {
      for (int i = 0; i <= count; i++) {
        off[i] -= start;
      }
    }
    return new RawStrings(off, bytes, nulls, count);
  }

  private static Field nullable(Field f) {
    return new Field(
        f.getName(),
        new org.apache.arrow.vector.types.pojo.FieldType(true, f.getType(), null),
        f.getChildren());
  }

  private static QueryException invalid(Field f, String what) {
    return new QueryException(
        QueryException.Code.INVALID_DATA, "column '" + f.getName() + "' " + what);
  }
}
