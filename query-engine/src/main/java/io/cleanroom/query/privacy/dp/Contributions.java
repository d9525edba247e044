package io.cleanroom.query.privacy.dp;

import io.cleanroom.query.QueryException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The bounded contributions of every (identity, group) pair: how many rows the pair had and a
 * uniform sample of at most {@code maxPerGroup} of them, each with its argument values.
 *
 * <p>Memory is O(distinct identity-group pairs): per pair three {@code int}s, a slot in a primitive
 * hash map and, only for calls that read values, one small array holding at most {@code
 * maxPerGroup} sampled rows (one row while the pair has seen one).
 */
final class Contributions {

  private final int maxPerGroup;
  private final int numericCalls;
  private final int objectCalls;
  private final RandomGenerator random;

  private final LongIntMap longIdentities = new LongIntMap(1 << 10);
  private final Map<Object, Integer> otherIdentities = new HashMap<>();
  private int nullIdentity = -1;
  private int identities;

  private final LongIntMap pairIndex = new LongIntMap(1 << 10);
  private int[] pairIdentity = new int[1 << 10];
  private int[] pairGroup = new int[1 << 10];
  private int[] pairRows = new int[1 << 10];
  private double[] firstNumeric;
  private double[][] moreNumeric;
  private Object[][] objects;
  private int pairs;
  private int lastPair = -1;

  Contributions(int maxPerGroup, int numericCalls, int objectCalls, RandomGenerator random) {
    this.maxPerGroup = maxPerGroup;
    this.numericCalls = numericCalls;
    this.objectCalls = objectCalls;
    this.random = random;
    this.firstNumeric = numericCalls > 0 ? new double[(1 << 10) * numericCalls] : null;
    this.moreNumeric = numericCalls > 0 && maxPerGroup > 1 ? new double[1 << 10][] : null;
    this.objects = objectCalls > 0 ? new Object[1 << 10][] : null;
  }

  /**
   * Records one row and returns the sample slot its values go to, or -1 if reservoir sampling
   * skipped it; {@link #lastPair()} is then the row's pair. A slot's arrays are sized for it.
   *
   * @param id from {@link #identity(Object)} or {@link #identity(long)}
   */
  int add(int group, int id) {
    int pair = pairIndex.putIfAbsent(((long) id << 32) | group, pairs);
    if (pair < 0) {
      pair = newPair(id, group);
    }
    int seen = pairRows[pair];
    if (seen == Integer.MAX_VALUE) {
      throw new QueryException(
          QueryException.Code.ARITHMETIC, "too many rows for one identity in one group");
    }
    pairRows[pair] = ++seen;
    lastPair = pair;
    long slot = seen <= maxPerGroup ? seen - 1 : random.nextLong(seen);
    if (slot >= maxPerGroup) {
      return -1;
    }
    ensureSlot(pair, (int) slot);
    return (int) slot;
  }

  /** The pair of the row last given to {@link #add}. */
  int lastPair() {
    return lastPair;
  }

  void setNumeric(int pair, int slot, int column, double value) {
    if (slot == 0) {
      firstNumeric[pair * numericCalls + column] = value;
    } else {
      moreNumeric[pair][(slot - 1) * numericCalls + column] = value;
    }
  }

  void setObject(int pair, int slot, int column, Object value) {
    objects[pair][slot * objectCalls + column] = value;
  }

  double numeric(int pair, int slot, int column) {
    return slot == 0
        ? firstNumeric[pair * numericCalls + column]
        : moreNumeric[pair][(slot - 1) * numericCalls + column];
  }

  Object object(int pair, int slot, int column) {
    return objects[pair][slot * objectCalls + column];
  }

  /** The rows kept for a pair: min(rows seen, maxPerGroup). */
  int sampled(int pair) {
    return Math.min(pairRows[pair], maxPerGroup);
  }

  int pairs() {
    return pairs;
  }

  int identities() {
    return identities;
  }

  /**
   * Bounds each identity to at most {@code maxGroups} of its groups, chosen uniformly at random,
   * and returns the kept pairs ordered by group: {@code offsets[g]..offsets[g+1]} index into {@code
   * pairs}.
   */
  ByGroup boundGroups(int maxGroups, int groups) {
    int[] byIdentity = countingSort(pairIdentity, identities);
    int[] start = offsets(pairIdentity, identities);
    BitSet dropped = new BitSet(pairs);
    for (int id = 0; id < identities; id++) {
      int from = start[id];
      int len = start[id + 1] - from;
      if (len <= maxGroups) {
        continue;
      }
      for (int k = 0; k < maxGroups; k++) {
        int j = from + k + random.nextInt(len - k);
        int t = byIdentity[from + k];
        byIdentity[from + k] = byIdentity[j];
        byIdentity[j] = t;
      }
      for (int k = maxGroups; k < len; k++) {
        dropped.set(byIdentity[from + k]);
      }
    }
    int[] count = new int[groups + 1];
    for (int p = 0; p < pairs; p++) {
      if (!dropped.get(p)) {
        count[pairGroup[p] + 1]++;
      }
    }
    for (int g = 0; g < groups; g++) {
      count[g + 1] += count[g];
    }
    int[] order = new int[count[groups]];
    int[] next = Arrays.copyOf(count, groups);
    for (int p = 0; p < pairs; p++) {
      if (!dropped.get(p)) {
        order[next[pairGroup[p]]++] = p;
      }
    }
    return new ByGroup(count, order);
  }

  /** Kept pairs by group. */
  record ByGroup(int[] offsets, int[] pairs) {}

  private int[] countingSort(int[] keys, int buckets) {
    int[] next = offsets(keys, buckets);
    int[] order = new int[pairs];
    for (int p = 0; p < pairs; p++) {
      order[next[keys[p]]++] = p;
    }
    return order;
  }

  private int[] offsets(int[] keys, int buckets) {
    int[] start = new int[buckets + 1];
    for (int p = 0; p < pairs; p++) {
      start[keys[p] + 1]++;
    }
    for (int b = 0; b < buckets; b++) {
      start[b + 1] += start[b];
    }
    return start;
  }

  /** The index of an identity value, assigned on first sight. */
  int identity(Object identity) {
    return switch (identity) {
      case null -> nullIdentity >= 0 ? nullIdentity : (nullIdentity = identities++);
      case Long l -> longIdentity(l);
      case Integer i -> longIdentity(i);
      case Short s -> longIdentity(s);
      case Byte b -> longIdentity(b);
      default -> otherIdentities.computeIfAbsent(identity, k -> identities++);
    };
  }

  /** The index of an integral identity value, assigned on first sight. */
  int identity(long value) {
    return longIdentity(value);
  }

  private int longIdentity(long value) {
    int existing = longIdentities.putIfAbsent(value, identities);
    return existing >= 0 ? existing : identities++;
  }

  private int newPair(int id, int group) {
    if (pairs == pairIdentity.length) {
      int n = pairs + (pairs >> 1);
      pairIdentity = Arrays.copyOf(pairIdentity, n);
      pairGroup = Arrays.copyOf(pairGroup, n);
      pairRows = Arrays.copyOf(pairRows, n);
      firstNumeric = firstNumeric == null ? null : Arrays.copyOf(firstNumeric, n * numericCalls);
      moreNumeric = moreNumeric == null ? null : Arrays.copyOf(moreNumeric, n);
      objects = objects == null ? null : Arrays.copyOf(objects, n);
    }
    pairIdentity[pairs] = id;
    pairGroup[pairs] = group;
    return pairs++;
  }

  private void ensureSlot(int pair, int slot) {
    if (moreNumeric != null && slot > 0) {
      double[] a = moreNumeric[pair];
      if (a == null || a.length < slot * numericCalls) {
        moreNumeric[pair] = grown(a, slot);
      }
    }
    if (objects != null) {
      Object[] a = objects[pair];
      if (a == null || a.length < (slot + 1) * objectCalls) {
        objects[pair] = a == null ? new Object[objectCalls] : grownObjects(a, slot);
      }
    }
  }

  /** The overflow array of a pair (slots 1 and up), grown to hold {@code slot}. */
  private double[] grown(double[] a, int slot) {
    int have = a == null ? 0 : a.length / numericCalls;
    int rows = Math.min(maxPerGroup - 1, Math.max(slot, 2 * have));
    return a == null ? new double[rows * numericCalls] : Arrays.copyOf(a, rows * numericCalls);
  }

  private Object[] grownObjects(Object[] a, int slot) {
    int rows = Math.min(maxPerGroup, Math.max(slot + 1, 2 * (a.length / objectCalls)));
    return Arrays.copyOf(a, rows * objectCalls);
  }
}
