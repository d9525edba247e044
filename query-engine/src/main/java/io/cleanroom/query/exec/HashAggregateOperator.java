package io.cleanroom.query.exec;

import java.util.List;

/**
 * GROUP BY with a hash table on the key columns (string keys are dictionary codes); every
 * aggregate, COUNT(DISTINCT) included, is updated directly per batch from the group ids.
 */
final class HashAggregateOperator implements Operator {

  /** One aggregate call: its argument column (-1 for none) and filter column (-1 for none). */
  record Call(Accumulator acc, int arg, int filter) {}

  private final ExecContext ctx;
  private final Operator input;
  private final int[] keys;
  private final boolean[] doubleKeys;
  private final List<Call> calls;
  private final boolean denseKey;
  private final boolean packedKeys;
  private boolean done;
  private int[] codeToGroup = new int[0];
  private long[] groupCodes = new long[64];
  private int nullGroup = -1;
  private int denseGroups;

  HashAggregateOperator(
      ExecContext ctx,
      Operator input,
      int[] keys,
      boolean[] doubleKeys,
      boolean stringKey,
      boolean narrowKeys,
      List<Call> calls) {
    this.ctx = ctx;
    this.packedKeys = narrowKeys && keys.length == 2;
    this.denseKey = stringKey && keys.length == 1;
    this.input = input;
    this.keys = keys;
    this.doubleKeys = doubleKeys;
    this.calls = calls;
  }

  @Override
  public Batch next() {
    if (done) {
      return null;
    }
    done = true;
    KeyTable table =
        keys.length == 0 || denseKey
            ? null
            : new KeyTable(packedKeys ? 1 : keys.length, ctx.memory);
    int[] gids = new int[0];
    Vec[] keyCols = new Vec[keys.length];
    Batch b;
    while ((b = input.next()) != null) {
      ctx.checkTime();
      int n = b.rows();
      if (gids.length < n) {
        gids = new int[n];
      }
      int groups;
      if (denseKey) {
        groups = denseIds(b.cols()[keys[0]], n, gids);
      } else if (table == null) {
        java.util.Arrays.fill(gids, 0, n, 0);
        groups = 1;
      } else {
        if (packedKeys) {
          keyCols[0] = pack(b.cols()[keys[0]], b.cols()[keys[1]], n);
        } else {
          for (int k = 0; k < keys.length; k++) {
            keyCols[k] = asKey(b.cols()[keys[k]]);
          }
        }
        table.find(keyCols, n, gids, true, true);
        groups = table.size();
      }
      for (Call c : calls) {
        c.acc().ensure(groups);
        add(c, b, gids, n);
      }
    }
    int groups = denseKey ? denseGroups : table == null ? 1 : table.size();
    Vec[] out = new Vec[keys.length + calls.size()];
    for (int k = 0; k < keys.length; k++) {
      out[k] =
          denseKey
              ? denseKeyColumn()
              : packedKeys ? unpack(table, k, groups) : keyColumn(table, k, groups);
    }
    for (int i = 0; i < calls.size(); i++) {
      Call c = calls.get(i);
      c.acc().ensure(groups);
      out[keys.length + i] = c.acc().result(groups);
    }
    input.close();
    return new Batch(groups, out);
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

  @Override
  public void close() {
    input.close();
  }
}
