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
  private long[] slotKeys;
  private int nullId = -1;
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
    slotKeys = width == 1 ? new long[cap * 2] : null;
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
    if (width == 1) {
      findSingle(cols[0], n, out, insert, nullsMatch);
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

  /**
   * One key column: keys are stored next to their slots, so a lookup touches one cache line in the
   * common case; the null key has its own id outside the slots.
   */
  private void findSingle(Vec col, int n, int[] out, boolean insert, boolean nullsMatch) {
    long[] v = col.longs;
    boolean[] nulls = col.nulls;
    if (!insert) {
      lookupSingle(v, nulls, n, out, nullsMatch);
      return;
    }
    for (int i = 0; i < n; i++) {
      if (nulls != null && nulls[i]) {
        out[i] = nullsMatch ? nullKey(insert) : -1;
        continue;
      }
      long x = v[i];
      int m = slots.length - 1;
      int s = (int) ((x * 0x9E3779B97F4A7C15L) >>> 32) & m;
      int id;
      while (true) {
        id = slots[s];
        if (id < 0) {
          if (insert) {
            id = addSingle(x, s);
          }
          break;
        }
        if (slotKeys[s] == x) {
          break;
        }
        s = (s + 1) & m;
      }
      out[i] = id;
    }
  }

  /**
   * {@link #findSingle} without inserting (join probes): one pass computes every row's first slot
   * and loads it, so the cache misses of all rows overlap, then a pass follows the probes. Only
   * reads the table (worker threads share a join's table).
   */
  private void lookupSingle(long[] v, boolean[] nulls, int n, int[] out, boolean nullsMatch) {
    int[] first = new int[n];
    int[] sl = slots;
    long[] sk = slotKeys;
    int m = sl.length - 1;
    long touched = 0;
    for (int i = 0; i < n; i++) {
      int s = (int) ((v[i] * 0x9E3779B97F4A7C15L) >>> 32) & m;
      first[i] = s;
      touched += sl[s] + sk[s];
    }
    CountDistinct.keep(touched);
    for (int i = 0; i < n; i++) {
      if (nulls != null && nulls[i]) {
        out[i] = nullsMatch ? nullId : -1;
        continue;
      }
      long x = v[i];
      int s = first[i];
      int id;
      while (true) {
        id = sl[s];
        if (id < 0 || sk[s] == x) {
          break;
        }
        s = (s + 1) & m;
      }
      out[i] = id;
    }
  }

  private int nullKey(boolean insert) {
    if (nullId < 0 && insert) {
      nullId = newId(0);
      nullMasks[nullId] = 1;
      keys[0][nullId] = 0;
    }
    return nullId;
  }

  private int addSingle(long x, int s) {
    int id = newId(0);
    keys[0][id] = x;
    slots[s] = id;
    slotKeys[s] = x;
    if ((size - (nullId >= 0 ? 1 : 0)) * 2 > slots.length) {
      rehash();
    }
    return id;
  }

  /** A new id with room for its key; the caller places it. */
  private int newId(int hash) {
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
    return id;
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
    int id = newId(hash);
    slots[s] = id;
    if (size * 2 > slots.length) {
      rehash();
    }
    return id;
  }

  private void rehash() {
    int cap = slots.length * 2;
    memory.reserve(cap * (width == 1 ? 12L : 4L) - slots.length * (width == 1 ? 12L : 4L));
    int[] fresh = new int[cap];
    Arrays.fill(fresh, -1);
    int m = cap - 1;
    if (width == 1) {
      long[] freshKeys = new long[cap];
      long[] k0 = keys[0];
      for (int id = 0; id < size; id++) {
        if (id == nullId) {
          continue;
        }
        long x = k0[id];
        int s = (int) ((x * 0x9E3779B97F4A7C15L) >>> 32) & m;
        while (fresh[s] >= 0) {
          s = (s + 1) & m;
        }
        fresh[s] = id;
        freshKeys[s] = x;
      }
      slots = fresh;
      slotKeys = freshKeys;
      return;
    }
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
