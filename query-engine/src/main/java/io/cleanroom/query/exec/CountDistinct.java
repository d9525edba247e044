package io.cleanroom.query.exec;

import java.util.Arrays;

/**
 * COUNT(DISTINCT x) per group, computed directly: one open-addressing set of (group, value) pairs;
 * a pair seen for the first time counts once for its group. While every group id is below 2^23 and
 * every value in [0, 2^40) (identifiers, codes, dates), a pair is packed into one long, so a probe
 * touches one array; the first pair that does not fit moves the set to a wide layout (group and
 * value in two arrays).
 */
final class CountDistinct extends Accumulator {

  private static final int VALUE_BITS = 40;
  private static final long MAX_VALUE = 1L << VALUE_BITS;
  private static final int MAX_PACKED_GROUP = (1 << 23) - 1;

  private long[] counts = new long[0];
  private long[] packed = new long[1 << 12];
  private int[] setGroups;
  private long[] setValues;
  private int setSize;
  private long[] keys = new long[0];
  private int[] slots = new int[0];

  CountDistinct(MemoryTracker memory) {
    super(memory);
    memory.reserve(8L << 12);
  }

  @Override
  void add(Vec arg, int[] gids, int n) {
    boolean[] nulls = arg.nulls;
    if (arg.isDouble()) {
      for (int i = 0; i < n; i++) {
        if (nulls == null || !nulls[i]) {
          double d = arg.doubles[i];
          count(gids[i], Double.doubleToLongBits(d == 0.0 ? 0.0 : d));
        }
      }
      return;
    }
    long[] v = arg.longs;
    if (packed != null && addPacked(v, nulls, gids, n)) {
      return;
    }
    for (int i = 0; i < n; i++) {
      if (nulls == null || !nulls[i]) {
        count(gids[i], v[i]);
      }
    }
  }

  /**
   * Adds a batch whose pairs all fit the packed layout, or returns false (having added nothing).
   * The table is grown for the whole batch first; then one pass loads every row's first slot, so
   * the cache misses of all rows overlap, before the pass that inserts.
   */
  private boolean addPacked(long[] v, boolean[] nulls, int[] gids, int n) {
    if (keys.length < n) {
      keys = new long[n];
      slots = new int[n];
    }
    long[] k = keys;
    for (int i = 0; i < n; i++) {
      int g = gids[i];
      long x = v[i];
      if (nulls != null && nulls[i]) {
        k[i] = 0;
      } else if (g < MAX_PACKED_GROUP && x >= 0 && x < MAX_VALUE) {
        k[i] = ((long) (g + 1) << VALUE_BITS) | x;
      } else {
        return false;
      }
    }
    while ((setSize + n) * 2L > packed.length) {
      rehashPacked();
    }
    long[] t = packed;
    int m = t.length - 1;
    int[] s = slots;
    long touched = 0;
    for (int i = 0; i < n; i++) {
      s[i] = (int) mix(k[i]) & m;
      touched += t[s[i]];
    }
    keep(touched);
    long[] c = counts;
    for (int i = 0; i < n; i++) {
      long key = k[i];
      if (key != 0 && insertPackedAt(t, m, s[i], key)) {
        c[(int) (key >>> VALUE_BITS) - 1]++;
      }
    }
    return true;
  }

  /** Uses a value, so that the loads summed into it are not optimised away. */
  static void keep(long touched) {
    if (touched == 0x5DEECE66DL) {
      Thread.onSpinWait();
    }
  }

  /** Adds a packed pair starting at slot {@code s} of a table with room for it; true if new. */
  private boolean insertPackedAt(long[] t, int m, int s, long key) {
    while (true) {
      long k = t[s];
      if (k == 0) {
        t[s] = key;
        setSize++;
        return true;
      }
      if (k == key) {
        return false;
      }
      s = (s + 1) & m;
    }
  }

  private void count(int g, long v) {
    if (insert(g, v)) {
      counts[g]++;
    }
  }

  private static long mix(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }

  /** Adds a packed pair (never 0); true when it is new. */
  private boolean insertPacked(long key) {
    long[] t = packed;
    int m = t.length - 1;
    int s = (int) mix(key) & m;
    while (true) {
      long k = t[s];
      if (k == 0) {
        t[s] = key;
        if (++setSize * 2 > t.length) {
          rehashPacked();
        }
        return true;
      }
      if (k == key) {
        return false;
      }
      s = (s + 1) & m;
    }
  }

  private void rehashPacked() {
    long[] old = packed;
    int cap = old.length * 2;
    memory.reserve(8L * (cap - old.length));
    long[] t = new long[cap];
    int m = cap - 1;
    for (long k : old) {
      if (k != 0) {
        int s = (int) mix(k) & m;
        while (t[s] != 0) {
          s = (s + 1) & m;
        }
        t[s] = k;
      }
    }
    packed = t;
  }

  /** Adds a pair of any range; true when it is new. */
  private boolean insert(int g, long v) {
    if (packed != null) {
      widen();
    }
    long h = (v * 0x9E3779B97F4A7C15L) ^ (g * 0xC2B2AE3D27D4EB4FL);
    h ^= h >>> 29;
    int m = setGroups.length - 1;
    int s = (int) h & m;
    while (true) {
      int sg = setGroups[s];
      if (sg < 0) {
        setGroups[s] = g;
        setValues[s] = v;
        if (++setSize * 2 > setGroups.length) {
          rehash(setGroups.length * 2);
        }
        return true;
      }
      if (sg == g && setValues[s] == v) {
        return false;
      }
      s = (s + 1) & m;
    }
  }

  /** Moves the packed pairs to the wide layout. */
  private void widen() {
    long[] old = packed;
    packed = null;
    memory.reserve(12L * old.length);
    setGroups = new int[old.length];
    setValues = new long[old.length];
    Arrays.fill(setGroups, -1);
    setSize = 0;
    for (long k : old) {
      if (k != 0) {
        insert((int) (k >>> VALUE_BITS) - 1, k & (MAX_VALUE - 1));
      }
    }
  }

  private void rehash(int cap) {
    memory.reserve(12L * (cap - setGroups.length));
    int[] og = setGroups;
    long[] ov = setValues;
    setGroups = new int[cap];
    setValues = new long[cap];
    Arrays.fill(setGroups, -1);
    setSize = 0;
    for (int i = 0; i < og.length; i++) {
      if (og[i] >= 0) {
        insert(og[i], ov[i]);
      }
    }
  }

  @Override
  void merge(Accumulator other, int[] remap, int n) {
    CountDistinct o = (CountDistinct) other;
    if (o.packed != null) {
      for (long k : o.packed) {
        if (k != 0) {
          int g = remap[(int) (k >>> VALUE_BITS) - 1];
          long v = k & (MAX_VALUE - 1);
          boolean fresh =
              packed != null && g < MAX_PACKED_GROUP
                  ? insertPacked(((long) (g + 1) << VALUE_BITS) | v)
                  : insert(g, v);
          if (fresh) {
            counts[g]++;
          }
        }
      }
      return;
    }
    for (int i = 0; i < o.setGroups.length; i++) {
      int g = o.setGroups[i];
      if (g >= 0) {
        count(remap[g], o.setValues[i]);
      }
    }
  }

  @Override
  Vec result(int groups) {
    return Vec.ofLongs(Arrays.copyOf(counts, groups), null);
  }

  @Override
  int bytesPerGroup() {
    return 8;
  }

  @Override
  void grow(int cap) {
    counts = Arrays.copyOf(counts, cap);
  }
}
