package io.cleanroom.query.exec;

import java.util.Arrays;

/**
 * COUNT(DISTINCT x) per group, computed directly: one open-addressing set of (group, value) pairs;
 * a pair seen for the first time counts once for its group.
 */
final class CountDistinct extends Accumulator {

  private long[] counts = new long[0];
  private int[] setGroups = new int[1 << 12];
  private long[] setValues = new long[1 << 12];
  private int setSize;

  CountDistinct(MemoryTracker memory) {
    super(memory);
    Arrays.fill(setGroups, -1);
    memory.reserve(12L << 12);
  }

  @Override
  void add(Vec arg, int[] gids, int n) {
    boolean[] nulls = arg.nulls;
    boolean dbl = arg.isDouble();
    for (int i = 0; i < n; i++) {
      if (nulls != null && nulls[i]) {
        continue;
      }
      long v =
          dbl
              ? Double.doubleToLongBits(arg.doubles[i] == 0.0 ? 0.0 : arg.doubles[i])
              : arg.longs[i];
      if (insert(gids[i], v)) {
        counts[gids[i]]++;
      }
    }
  }

  private boolean insert(int g, long v) {
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
          rehash();
        }
        return true;
      }
      if (sg == g && setValues[s] == v) {
        return false;
      }
      s = (s + 1) & m;
    }
  }

  private void rehash() {
    int cap = setGroups.length * 2;
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
    for (int i = 0; i < o.setGroups.length; i++) {
      int g = o.setGroups[i];
      if (g >= 0 && insert(remap[g], o.setValues[i])) {
        counts[remap[g]]++;
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
