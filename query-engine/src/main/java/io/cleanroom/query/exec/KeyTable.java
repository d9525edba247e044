package io.cleanroom.query.exec;

import java.util.Arrays;

/**
 * An open-addressing hash table from composite keys of long values (with a null flag per key part)
 * to dense ids 0, 1, 2, …: group ids in aggregates, build-key ids in joins.
 */
final class KeyTable {

  private final int width;
  private final MemoryTracker memory;
  private long[][] keys;
  private long[] nullMasks;
  private int[] hashes;
  private int[] slots;
  private int size;

  KeyTable(int width, MemoryTracker memory) {
    if (width > 63) {
      throw new io.cleanroom.query.QueryException(
          io.cleanroom.query.QueryException.Code.UNSUPPORTED, "more than 63 grouping keys");
    }
    this.width = width;
    this.memory = memory;
    int cap = 1024;
    keys = new long[width][cap];
    nullMasks = new long[cap];
    hashes = new int[cap];
    slots = new int[cap * 2];
    Arrays.fill(slots, -1);
    memory.reserve(cap * (8L * width + 12) + cap * 8L);
  }

  int size() {
    return size;
  }

  /** Key part {@code k} of every id, and its null flags (bit {@code k} of the masks). */
  long[] keys(int k) {
    return keys[k];
  }

  boolean isNull(int id, int k) {
    return (nullMasks[id] >>> k & 1) != 0;
  }

  /**
   * The ids of rows {@code 0..n)} of the key columns; new keys get new ids when {@code insert},
   * otherwise -1. With {@code nullsMatch} false, a row with any null key part gets -1.
   */
  void find(Vec[] cols, int n, int[] out, boolean insert, boolean nullsMatch) {
    if (width == 1 && cols[0].nulls == null) {
      findSingle(cols[0].longs, n, out, insert);
      return;
    }
    for (int i = 0; i < n; i++) {
      long mask = 0;
      long h = 0x2545F4914F6CDD1DL;
      for (int k = 0; k < width; k++) {
        Vec c = cols[k];
        if (c.nulls != null && c.nulls[i]) {
          mask |= 1L << k;
          h = (h + 0x51ED27L) * 0x9E3779B97F4A7C15L;
        } else {
          h = (h + c.longs[i]) * 0x9E3779B97F4A7C15L;
        }
      }
      if (mask != 0 && !nullsMatch) {
        out[i] = -1;
        continue;
      }
      int hash = (int) (h ^ (h >>> 32));
      out[i] = probe(cols, i, mask, hash, insert);
    }
  }

  private void findSingle(long[] v, int n, int[] out, boolean insert) {
    long[] k0 = keys[0];
    for (int i = 0; i < n; i++) {
      long x = v[i];
      long h = (0x2545F4914F6CDD1DL + x) * 0x9E3779B97F4A7C15L;
      int hash = (int) (h ^ (h >>> 32));
      int m = slots.length - 1;
      int s = hash & m;
      int id;
      while (true) {
        id = slots[s];
        if (id < 0) {
          if (!insert) {
            break;
          }
          id = add(hash, s);
          keys[0][id] = x;
          k0 = keys[0];
          break;
        }
        if (hashes[id] == hash && k0[id] == x && nullMasks[id] == 0) {
          break;
        }
        s = (s + 1) & m;
      }
      out[i] = id;
    }
  }

  private int probe(Vec[] cols, int row, long mask, int hash, boolean insert) {
    int m = slots.length - 1;
    int s = hash & m;
    while (true) {
      int id = slots[s];
      if (id < 0) {
        if (!insert) {
          return -1;
        }
        id = add(hash, s);
        nullMasks[id] = mask;
        for (int k = 0; k < width; k++) {
          keys[k][id] = (mask >>> k & 1) != 0 ? 0 : cols[k].longs[row];
        }
        return id;
      }
      if (hashes[id] == hash && nullMasks[id] == mask && sameKeys(cols, row, id, mask)) {
        return id;
      }
      s = (s + 1) & m;
    }
  }

  private boolean sameKeys(Vec[] cols, int row, int id, long mask) {
    for (int k = 0; k < width; k++) {
      if ((mask >>> k & 1) == 0 && keys[k][id] != cols[k].longs[row]) {
        return false;
      }
    }
    return true;
  }

  /** Adds an id in slot {@code s}; the caller fills its key. */
  private int add(int hash, int s) {
    int id = size++;
    if (id == hashes.length) {
      int cap = hashes.length * 2;
      memory.reserve((cap - hashes.length) * (8L * width + 12));
      for (int k = 0; k < width; k++) {
        keys[k] = Arrays.copyOf(keys[k], cap);
      }
      nullMasks = Arrays.copyOf(nullMasks, cap);
      hashes = Arrays.copyOf(hashes, cap);
    }
    hashes[id] = hash;
    slots[s] = id;
    if (size * 2 > slots.length) {
      rehash();
    }
    return id;
  }

  private void rehash() {
    int cap = slots.length * 2;
    memory.reserve(cap * 4L - slots.length * 4L);
    int[] fresh = new int[cap];
    Arrays.fill(fresh, -1);
    int m = cap - 1;
    for (int id = 0; id < size; id++) {
      int s = hashes[id] & m;
      while (fresh[s] >= 0) {
        s = (s + 1) & m;
      }
      fresh[s] = id;
    }
    slots = fresh;
  }
}
