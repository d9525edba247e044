package io.cleanroom.query.privacy.dp;

import io.cleanroom.query.QueryException;
import java.util.Arrays;

/**
 * A map from {@code long} keys to non-negative {@code int} values with open addressing, so that
 * millions of (identity, group) pairs cost two primitive array slots each instead of boxed entries.
 */
final class LongIntMap {

  private static final int ABSENT = -1;
  private static final int MAX_CAPACITY = 1 << 30;

  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  LongIntMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    allocate(Math.min(capacity, MAX_CAPACITY));
  }

  /** The value of {@code key}, or -1. */
  int get(long key) {
    int i = slot(key);
    while (values[i] != ABSENT) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return ABSENT;
  }

  /** The value of {@code key}; if absent, stores {@code value} and returns -1. */
  int putIfAbsent(long key, int value) {
    int i = slot(key);
    while (values[i] != ABSENT) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
    return ABSENT;
  }

  int size() {
    return size;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    values = new int[capacity];
    Arrays.fill(values, ABSENT);
    mask = capacity - 1;
  }

  private void grow() {
    if (keys.length >= MAX_CAPACITY) {
      throw new QueryException(
          QueryException.Code.MEMORY_LIMIT, "too many identity-group pairs for one aggregation");
    }
    long[] oldKeys = keys;
    int[] oldValues = values;
    allocate(keys.length * 2);
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldValues[j] != ABSENT) {
        int i = slot(oldKeys[j]);
        while (values[i] != ABSENT) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }
}
