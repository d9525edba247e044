package io.cleanroom.query.exec;

import java.util.List;

/**
 * The groups of one aggregation and the state of its aggregate functions: updated a batch at a
 * time, mergeable (the partial aggregates of worker threads).
 */
final class AggState {

  /** One aggregate call: its argument column (-1 for none) and filter column (-1 for none). */
  record Call(Accumulator acc, int arg, int filter) {}

  private final ExecContext ctx;
  private final int[] keys;
  private final boolean[] doubleKeys;
  private final List<Call> calls;
  private final boolean denseKey;
  private final boolean packedKeys;
  private final KeyTable table;
  private int[] gids = new int[0];
  private int[] codeToGroup = new int[0];
  private long[] groupCodes = new long[64];
  private int nullGroup = -1;
  private int denseGroups;

  AggState(
      ExecContext ctx,
      int[] keys,
      boolean[] doubleKeys,
      boolean stringKey,
      boolean narrowKeys,
      List<Call> calls) {
    this.ctx = ctx;
    this.packedKeys = narrowKeys && keys.length == 2;
    this.denseKey = stringKey && keys.length == 1;
    this.keys = keys;
    this.doubleKeys = doubleKeys;
    this.calls = calls;
    this.table =
        keys.length == 0 || denseKey
            ? null
            : new KeyTable(packedKeys ? 1 : keys.length, ctx.memory);
  }

  int groups() {
    return denseKey ? denseGroups : table == null ? 1 : table.size();
  }

  /** Adds a batch of input rows. */
  void add(Batch b) {
    int n = b.rows();
    if (gids.length < n) {
      gids = new int[n];
    }
    groupIds(keyVecs(b.cols()), n, gids);
    int groups = groups();
    for (Call c : calls) {
      c.acc().ensure(groups);
      add(c, b, gids, n);
    }
  }

  /** The key columns of rows, as the group table reads them. */
  private Vec[] keyVecs(Vec[] cols) {
    Vec[] out = new Vec[keys.length];
    for (int k = 0; k < keys.length; k++) {
      out[k] = cols[keys[k]];
    }
    return out;
  }

  /** Group ids for key columns (in key order), adding new groups. */
  private void groupIds(Vec[] keyCols, int n, int[] out) {
    if (denseKey) {
      denseIds(keyCols[0], n, out);
    } else if (table == null) {
      java.util.Arrays.fill(out, 0, n, 0);
    } else if (packedKeys) {
      table.find(new Vec[] {pack(keyCols[0], keyCols[1], n)}, n, out, true, true);
    } else {
      Vec[] hashed = new Vec[keyCols.length];
      for (int k = 0; k < keyCols.length; k++) {
        hashed[k] = asKey(keyCols[k]);
      }
      table.find(hashed, n, out, true, true);
    }
  }

  /** The key columns of every group. */
  private Vec[] keyColumns() {
    int groups = groups();
    Vec[] out = new Vec[keys.length];
    for (int k = 0; k < keys.length; k++) {
      out[k] =
          denseKey
              ? denseKeyColumn()
              : packedKeys ? unpack(table, k, groups) : keyColumn(table, k, groups);
    }
    return out;
  }

  /** One row per group: the keys, then each aggregate's value. */
  Batch result() {
    int groups = groups();
    Vec[] out = new Vec[keys.length + calls.size()];
    System.arraycopy(keyColumns(), 0, out, 0, keys.length);
    for (int i = 0; i < calls.size(); i++) {
      Call c = calls.get(i);
      c.acc().ensure(groups);
      out[keys.length + i] = c.acc().result(groups);
    }
    return new Batch(groups, out);
  }

  /** Adds the groups and aggregate states of {@code other} (same aggregation) to this one. */
  void merge(AggState other) {
    int n = other.groups();
    int[] remap = new int[n];
    groupIds(other.keyColumns(), n, remap);
    int groups = groups();
    for (int i = 0; i < calls.size(); i++) {
      Accumulator mine = calls.get(i).acc();
      Accumulator theirs = other.calls.get(i).acc();
      mine.ensure(groups);
      theirs.ensure(n);
      mine.merge(theirs, remap, n);
    }
  }

  private static void add(Call c, Batch b, int[] gids, int n) {
    Vec arg = c.arg() < 0 ? null : b.cols()[c.arg()];
    if (c.filter() < 0) {
      c.acc().add(arg, gids, n);
      return;
    }
    boolean[] keep = Logic.isTrue(b.cols()[c.filter()], n);
    int[] idx = new int[n];
    int[] g = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (keep[i]) {
        idx[m] = i;
        g[m++] = gids[i];
      }
    }
    c.acc().add(arg == null ? null : arg.gather(idx, m), g, m);
  }

  /**
   * Group ids of a string key straight from its dictionary codes (dense, so an array lookup instead
   * of hashing).
   */
  private int denseIds(Vec col, int n, int[] gids) {
    int codes = ctx.dict.size();
    if (codeToGroup.length < codes) {
      int cap = Math.max(codes, codeToGroup.length * 2);
      ctx.memory.reserve(4L * (cap - codeToGroup.length));
      int old = codeToGroup.length;
      codeToGroup = java.util.Arrays.copyOf(codeToGroup, cap);
      java.util.Arrays.fill(codeToGroup, old, cap, -1);
    }
    long[] v = col.longs;
    boolean[] nulls = col.nulls;
    int[] map = codeToGroup;
    for (int i = 0; i < n; i++) {
      int g;
      if (nulls != null && nulls[i]) {
        if (nullGroup < 0) {
          nullGroup = newDenseGroup(0);
        }
        g = nullGroup;
      } else {
        int c = (int) v[i];
        g = map[c];
        if (g < 0) {
          g = newDenseGroup(c);
          map[c] = g;
        }
      }
      gids[i] = g;
    }
    return denseGroups;
  }

  private int newDenseGroup(long code) {
    if (denseGroups == groupCodes.length) {
      ctx.memory.reserve(8L * denseGroups);
      groupCodes = java.util.Arrays.copyOf(groupCodes, denseGroups * 2);
    }
    groupCodes[denseGroups] = code;
    return denseGroups++;
  }

  private Vec denseKeyColumn() {
    boolean[] nulls = null;
    if (nullGroup >= 0) {
      nulls = new boolean[denseGroups];
      nulls[nullGroup] = true;
    }
    return Vec.ofLongs(java.util.Arrays.copyOf(groupCodes, denseGroups), nulls);
  }

  /** Two non-null 32-bit keys as one long: the single-key hash table path. */
  private static Vec pack(Vec a, Vec b, int n) {
    long[] out = new long[n];
    long[] x = a.longs;
    long[] y = b.longs;
    for (int i = 0; i < n; i++) {
      if (x[i] != (int) x[i] || y[i] != (int) y[i]) {
        throw Kernels.overflow();
      }
      out[i] = (x[i] << 32) | (y[i] & 0xffffffffL);
    }
    return Vec.ofLongs(out, null);
  }

  private static Vec unpack(KeyTable table, int k, int groups) {
    long[] packed = table.keys(0);
    long[] out = new long[groups];
    for (int g = 0; g < groups; g++) {
      out[g] = k == 0 ? packed[g] >> 32 : (int) packed[g];
    }
    return Vec.ofLongs(out, null);
  }

  /** A column as hash keys: doubles by their bits (with -0.0 as 0.0). */
  static Vec asKey(Vec v) {
    if (!v.isDouble()) {
      return v;
    }
    long[] bits = new long[v.doubles.length];
    for (int i = 0; i < bits.length; i++) {
      double d = v.doubles[i];
      bits[i] = Double.doubleToLongBits(d == 0.0 ? 0.0 : d);
    }
    return Vec.ofLongs(bits, v.nulls);
  }

  private Vec keyColumn(KeyTable table, int k, int groups) {
    long[] v = java.util.Arrays.copyOf(table.keys(k), groups);
    boolean[] nulls = null;
    for (int g = 0; g < groups; g++) {
      if (table.isNull(g, k)) {
        if (nulls == null) {
          nulls = new boolean[groups];
        }
        nulls[g] = true;
      }
    }
    if (doubleKeys[k]) {
      double[] d = new double[groups];
      for (int g = 0; g < groups; g++) {
        d[g] = Double.longBitsToDouble(v[g]);
      }
      return Vec.ofDoubles(d, nulls);
    }
    return Vec.ofLongs(v, nulls);
  }
}
