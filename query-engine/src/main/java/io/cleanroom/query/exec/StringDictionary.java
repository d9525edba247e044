package io.cleanroom.query.exec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of one query, each stored once and named by a dense code (0, 1, 2, …) in order of
 * first appearance (safe for the query's worker threads; {@link StringCache} caches codes per
 * thread). Every string column of the query holds codes into this one dictionary, so equal strings
 * have equal codes across columns: group-by and joins on strings work on codes. Bytes are hashed as
 * they arrive from Arrow buffers; a Java string is made once per distinct value, when first needed.
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
  private final MemoryTracker memory;

  StringDictionary(MemoryTracker memory) {
    this.memory = memory;
    Arrays.fill(slots, -1);
    memory.reserve(arena.length + 1024 * 16L + 2048 * 4L);
  }

  MemoryTracker memory() {
    return memory;
  }

  synchronized int size() {
    return size;
  }

  /** The code of the UTF-8 bytes {@code data[start, start+len)}, added if new. */
  synchronized int intern(byte[] data, int start, int len) {
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

  synchronized int intern(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int code = intern(b, 0, b.length);
    if (strings[code] == null) {
      strings[code] = s;
    }
    return code;
  }

  synchronized String get(int code) {
    String s = strings[code];
    if (s == null) {
      s = new String(arena, starts[code], lengths[code], StandardCharsets.UTF_8);
      strings[code] = s;
    }
    return s;
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
