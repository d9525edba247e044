package io.cleanroom.query.privacy.dp;

import io.cleanroom.query.QueryException;

/**
 * A map from {@code long} keys to non-negative {@code int} values with open addressing (load factor
 * at most 3/4), so that millions of (identity, group) pairs cost a few primitive array slots each
 * instead of boxed entries. Each key sits next to its value, so a lookup touches one cache line.
 */
final class LongIntMap {

  private static final int ABSENT = -1;
  private static final int MAX_CAPACITY = 1 << 29;

  /** Slot {@code i} is {@code table[2i]} (key) and {@code table[2i+1]} (value, or -1 if free). */
  private long[] table;

  private int size;
  private int mask;

  LongIntMap(int expected) {
    allocate(Integer.highestOneBit(Math.max(16, expected * 2 - 1)));
  }

  /** The value of {@code key}; if absent, stores {@code value} and returns -1. */
  int putIfAbsent(long key, int value) {
    int i = slot(key);
    while (table[2 * i + 1] != ABSENT) {
      if (table[2 * i] == key) {
        return (int) table[2 * i + 1];
      }
      i = (i + 1) & mask;
    }
    table[2 * i] = key;
    table[2 * i + 1] = value;
    if (++size > capacity() - (capacity() >> 2)) {
      grow();
    }
    return ABSENT;
  }

  private int capacity() {
    return mask + 1;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void allocate(int capacity) {
    table = new long[2 * capacity];
    for (int i = 1; i < table.length; i += 2) {
      table[i] = ABSENT;
    }
    mask = capacity - 1;
  }

  private void grow() {
    if (capacity() >= MAX_CAPACITY) {
      throw new QueryException(
          QueryException.Code.MEMORY_LIMIT, "too many identity-group pairs for one aggregation");
    }
    long[] old = table;
    allocate(capacity() * 2);
    for (int j = 0; j < old.length; j += 2) {
      if (old[j + 1] != ABSENT) {
        int i = slot(old[j]);
        while (table[2 * i + 1] != ABSENT) {
          i = (i + 1) & mask;
        }
        table[2 * i] = old[j];
        table[2 * i + 1] = old[j + 1];
      }
    }
  }
}
