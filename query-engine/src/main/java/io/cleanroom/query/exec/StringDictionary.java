package io.cleanroom.query.exec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of one query, each stored once and named by a dense code (0, 1, 2, …) in order of
 * first appearance. Every string column of the query holds codes into this one dictionary, so equal
 * strings have equal codes across columns: group-by and joins on strings work on codes. Bytes are
 * hashed as they arrive from Arrow buffers; a Java string is made once per distinct value, when
 * first needed.
 */
final class StringDictionary {

  private byte[] arena = new byte[1 << 16];
  private int arenaUsed;
  private int[] starts = new int[1024];
  private int[] lengths = new int[1024];
  private int[] hashes = new int[1024];
  private String[] strings = new String[1024];
  private int size;
  private int[] slots = new int[2048];
  private long[] shortKeys = new long[1024];
  private int[] shortCodes = new int[1024];
  private int shortSize;
  private final MemoryTracker memory;

  StringDictionary(MemoryTracker memory) {
    this.memory = memory;
    Arrays.fill(slots, -1);
    memory.reserve(arena.length + 1024 * 16L + 2048 * 4L);
  }

  int size() {
    return size;
  }

  /** The code of the UTF-8 bytes {@code data[start, start+len)}, added if new. */
  int intern(byte[] data, int start, int len) {
    int h = hash(data, start, len);
    int mask = slots.length - 1;
    int s = h & mask;
    while (true) {
      int code = slots[s];
      if (code < 0) {
        return add(data, start, len, h, s);
      }
      if (hashes[code] == h
          && lengths[code] == len
          && Arrays.equals(arena, starts[code], starts[code] + len, data, start, start + len)) {
        return code;
      }
      s = (s + 1) & mask;
    }
  }

  /**
   * The code of a string of at most 7 bytes, packed with its length into a long (see {@link
   * #pack}): one multiply and usually one probe, no byte comparison.
   */
  int internShort(long packed, byte[] data, int start, int len) {
    int m = shortKeys.length - 1;
    int s = (int) ((packed * 0x9E3779B97F4A7C15L) >>> 40) & m;
    while (true) {
      long k = shortKeys[s];
      if (k == packed) {
        return shortCodes[s];
      }
      if (k == 0) {
        int code = intern(data, start, len);
        shortKeys[s] = packed;
        shortCodes[s] = code;
        if (++shortSize * 2 > shortKeys.length) {
          growShort();
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

  private void growShort() {
    int cap = shortKeys.length * 2;
    memory.reserve(12L * (cap - shortKeys.length));
    long[] ok = shortKeys;
    int[] oc = shortCodes;
    shortKeys = new long[cap];
    shortCodes = new int[cap];
    int m = cap - 1;
    for (int i = 0; i < ok.length; i++) {
      if (ok[i] != 0) {
        int s = (int) ((ok[i] * 0x9E3779B97F4A7C15L) >>> 40) & m;
        while (shortKeys[s] != 0) {
          s = (s + 1) & m;
        }
        shortKeys[s] = ok[i];
        shortCodes[s] = oc[i];
      }
    }
  }

  int intern(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int code = intern(b, 0, b.length);
    if (strings[code] == null) {
      strings[code] = s;
    }
    return code;
  }

  String get(int code) {
    String s = strings[code];
    if (s == null) {
      s = new String(arena, starts[code], lengths[code], StandardCharsets.UTF_8);
      strings[code] = s;
    }
    return s;
  }

  byte[] bytes(int code) {
    return Arrays.copyOfRange(arena, starts[code], starts[code] + lengths[code]);
  }

  private int add(byte[] data, int start, int len, int h, int slot) {
    if (arenaUsed + len > arena.length) {
      int cap = Math.max(arena.length * 2, arenaUsed + len);
      memory.reserve(cap - arena.length);
      arena = Arrays.copyOf(arena, cap);
    }
    System.arraycopy(data, start, arena, arenaUsed, len);
    if (size == starts.length) {
      int cap = size * 2;
      memory.reserve((cap - size) * 20L);
      starts = Arrays.copyOf(starts, cap);
      lengths = Arrays.copyOf(lengths, cap);
      hashes = Arrays.copyOf(hashes, cap);
      strings = Arrays.copyOf(strings, cap);
    }
    int code = size++;
    starts[code] = arenaUsed;
    lengths[code] = len;
    hashes[code] = h;
    arenaUsed += len;
    slots[slot] = code;
    if (size * 2 > slots.length) {
      rehash();
    }
    return code;
  }

  private void rehash() {
    int cap = slots.length * 2;
    memory.reserve(cap * 4L - slots.length * 4L);
    int[] fresh = new int[cap];
    Arrays.fill(fresh, -1);
    int mask = cap - 1;
    for (int code = 0; code < size; code++) {
      int s = hashes[code] & mask;
      while (fresh[s] >= 0) {
        s = (s + 1) & mask;
      }
      fresh[s] = code;
    }
    slots = fresh;
  }

  private static int hash(byte[] data, int start, int len) {
    int h = 0x9747b28c;
    int end = start + len;
    for (int i = start; i < end; i++) {
      h = (h ^ data[i]) * 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }
}
