package io.cleanroom.query.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A per-scan (so per-thread) cache of the dictionary codes of strings: no lock, and usually one
 * probe per value. Strings of at most 7 bytes are packed with their length into one long (no byte
 * comparison); longer ones are hashed eight bytes at a time and compared with a copy kept here.
 * Misses go to the query's shared {@link StringDictionary}, so each thread takes the dictionary's
 * lock once per distinct string.
 */
final class StringCache {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long M = 0x9E3779B97F4A7C15L;

  private final StringDictionary dict;
  private final MemoryTracker memory;
  private long[] keys = new long[1024];
  private int[] codes = new int[1024];
  private int size;

  private int[] longSlots = new int[256];
  private long[] longHashes = new long[128];
  private int[] longStarts = new int[128];
  private int[] longLengths = new int[128];
  private int[] longCodes = new int[128];
  private byte[] arena = new byte[4096];
  private int arenaUsed;
  private int longSize;

  StringCache(StringDictionary dict, MemoryTracker memory) {
    this.dict = dict;
    this.memory = memory;
    Arrays.fill(longSlots, -1);
  }

  /** The code of bytes {@code data[start, start+len)}. */
  int intern(byte[] data, int start, int len) {
    if (len > 7) {
      return internLong(data, start, len);
    }
    long packed = pack(data, start, len);
    int m = keys.length - 1;
    int s = (int) ((packed * M) >>> 32) & m;
    while (true) {
      long k = keys[s];
      if (k == packed) {
        return codes[s];
      }
      if (k == 0) {
        int code = dict.intern(data, start, len);
        keys[s] = packed;
        codes[s] = code;
        if (++size * 2 > keys.length) {
          grow();
        }
        return code;
      }
      s = (s + 1) & m;
    }
  }

  /** Bytes {@code data[start, start+len)} (len at most 7) and their length in one non-zero long. */
  static long pack(byte[] data, int start, int len) {
    long v = (long) (len + 1) << 56;
    for (int i = 0; i < len; i++) {
      v |= (data[start + i] & 0xffL) << (8 * i);
    }
    return v;
  }

  private int internLong(byte[] data, int start, int len) {
    long h = hash(data, start, len);
    int m = longSlots.length - 1;
    int s = (int) (h >>> 32) & m;
    while (true) {
      int e = longSlots[s];
      if (e < 0) {
        return addLong(data, start, len, h, s);
      }
      if (longHashes[e] == h
          && longLengths[e] == len
          && Arrays.equals(arena, longStarts[e], longStarts[e] + len, data, start, start + len)) {
        return longCodes[e];
      }
      s = (s + 1) & m;
    }
  }

  /** A 64-bit hash of bytes {@code data[start, start+len)}, len at least 8. */
  private static long hash(byte[] data, int start, int len) {
    long h = len * M;
    int i = start;
    int end = start + len;
    for (; i + 8 <= end; i += 8) {
      h = (h ^ (long) LONGS.get(data, i)) * M;
      h ^= h >>> 29;
    }
    if (i < end) {
      // The last (overlapping) eight bytes: len is at least 8, so they are inside the string.
      h = (h ^ (long) LONGS.get(data, end - 8)) * M;
    }
    h ^= h >>> 32;
    h *= M;
    return h ^ (h >>> 29);
  }

  private int addLong(byte[] data, int start, int len, long h, int slot) {
    int code = dict.intern(data, start, len);
    if (arenaUsed + len > arena.length) {
      int cap = Math.max(arena.length * 2, arenaUsed + len);
      memory.reserve(cap - arena.length);
      arena = Arrays.copyOf(arena, cap);
    }
    System.arraycopy(data, start, arena, arenaUsed, len);
    if (longSize == longCodes.length) {
      int cap = longSize * 2;
      memory.reserve(24L * (cap - longSize));
      longHashes = Arrays.copyOf(longHashes, cap);
      longStarts = Arrays.copyOf(longStarts, cap);
      longLengths = Arrays.copyOf(longLengths, cap);
      longCodes = Arrays.copyOf(longCodes, cap);
    }
    int e = longSize++;
    longHashes[e] = h;
    longStarts[e] = arenaUsed;
    longLengths[e] = len;
    longCodes[e] = code;
    arenaUsed += len;
    longSlots[slot] = e;
    if (longSize * 2 > longSlots.length) {
      rehashLong();
    }
    return code;
  }

  private void rehashLong() {
    int cap = longSlots.length * 2;
    memory.reserve(4L * (cap - longSlots.length));
    int[] fresh = new int[cap];
    Arrays.fill(fresh, -1);
    int m = cap - 1;
    for (int e = 0; e < longSize; e++) {
      int s = (int) (longHashes[e] >>> 32) & m;
      while (fresh[s] >= 0) {
        s = (s + 1) & m;
      }
      fresh[s] = e;
    }
    longSlots = fresh;
  }

  private void grow() {
    int cap = keys.length * 2;
    memory.reserve(12L * (cap - keys.length));
    long[] ok = keys;
    int[] oc = codes;
    keys = new long[cap];
    codes = new int[cap];
    int m = cap - 1;
    for (int i = 0; i < ok.length; i++) {
      if (ok[i] != 0) {
        int s = (int) ((ok[i] * M) >>> 32) & m;
        while (keys[s] != 0) {
          s = (s + 1) & m;
        }
        keys[s] = ok[i];
        codes[s] = oc[i];
      }
    }
  }
}
