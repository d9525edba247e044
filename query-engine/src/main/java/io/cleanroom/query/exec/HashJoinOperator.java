package io.cleanroom.query.exec;

import java.util.Arrays;

/**
 * Equi-join by hashing: the build input is materialised and its keys hashed to chains of rows;
 * probe batches stream through. Null keys never match. A non-equi remainder of the condition is
 * evaluated on the candidate pairs. The planner picks the build side (the smaller by estimate for
 * inner joins; the non-preserved side for outer, semi and anti joins).
 */
final class HashJoinOperator implements Operator {

  /** What a probe row yields. */
  enum Mode {
    /** Matching pairs. */
    INNER,
    /** Matching pairs, and unmatched probe rows with nulls for the build side. */
    PROBE_OUTER,
    /** Probe rows with at least one match. */
    SEMI,
    /** Probe rows without any match. */
    ANTI
  }

  /**
   * The materialised build input and its hash table: built once, by the first operator that needs
   * it, then only read (shared by the worker threads' copies of the probe pipeline).
   */
  static final class BuildSide {
    private final ExecContext ctx;
    private final Operator input;
    private final int[] keys;
    private final boolean[] doubles;
    private Batch built;
    private int[] head;
    private int[] chain;
    private KeyTable table;
    private boolean unique;

    BuildSide(ExecContext ctx, Operator input, int[] keys, boolean[] doubles) {
      this.ctx = ctx;
      this.input = input;
      this.keys = keys;
      this.doubles = doubles;
    }

    synchronized void ensureBuilt() {
      if (built != null) {
        return;
      }
      Batch all = Materialized.drain(ctx, input, doubles);
      int n = all.rows();
      ctx.memory.reserve(8L * n);
      KeyTable t = new KeyTable(keys.length, ctx.memory);
      int[] ids = new int[n];
      t.find(HashJoinOperator.keys(all, keys), n, ids, true, false);
      int[] h = new int[t.size()];
      Arrays.fill(h, -1);
      int[] c = new int[n];
      int keyed = 0;
      for (int r = n - 1; r >= 0; r--) {
        int id = ids[r];
        if (id >= 0) {
          keyed++;
          c[r] = h[id];
          h[id] = r;
        }
      }
      table = t;
      head = h;
      chain = c;
      unique = keyed == t.size();
      built = all;
    }

    void close() {
      input.close();
    }
  }

  private final ExecContext ctx;
  private final Operator probe;
  private final BuildSide side;
  private final int[] probeKeys;
  private final Mode mode;
  private final boolean probeIsLeft;
  private final Expr remainder;
  private final boolean[] output;
  private Batch built;
  private int[] head;
  private int[] chain;
  private KeyTable table;
  private boolean uniqueBuildKeys;

  HashJoinOperator(
      ExecContext ctx,
      Operator probe,
      BuildSide side,
      int[] probeKeys,
      Mode mode,
      boolean probeIsLeft,
      Expr remainder,
      boolean[] output) {
    this.ctx = ctx;
    this.probe = probe;
    this.side = side;
    this.probeKeys = probeKeys;
    this.mode = mode;
    this.probeIsLeft = probeIsLeft;
    this.remainder = remainder;
    this.output = output;
  }

  private void buildTable() {
    side.ensureBuilt();
    synchronized (side) {
      built = side.built;
      head = side.head;
      chain = side.chain;
      table = side.table;
      uniqueBuildKeys = side.unique;
    }
  }

  /** The key columns of a batch as hash keys. */
  static Vec[] keys(Batch b, int[] keys) {
    Vec[] out = new Vec[keys.length];
    for (int k = 0; k < keys.length; k++) {
      out[k] = AggState.asKey(b.cols()[keys[k]]);
    }
    return out;
  }

  @Override
  public Batch next() {
    if (built == null) {
      buildTable();
    }
    Batch p;
    while ((p = probe.next()) != null) {
      ctx.checkTime();
      Batch out = join(p);
      if (out.rows() > 0) {
        return out;
      }
    }
    return null;
  }

  private Batch join(Batch p) {
    int n = p.rows();
    int[] ids = new int[n];
    table.find(keys(p, probeKeys), n, ids, false, false);
    if (remainder == null && (mode == Mode.SEMI || mode == Mode.ANTI)) {
      boolean[] keep = new boolean[n];
      for (int i = 0; i < n; i++) {
        keep[i] = (ids[i] >= 0) == (mode == Mode.SEMI);
      }
      return p.select(keep);
    }
    int[] pi = new int[Math.max(16, n)];
    int[] bi = new int[pi.length];
    int m = 0;
    if (uniqueBuildKeys) {
      for (int i = 0; i < n; i++) {
        int id = ids[i];
        if (id >= 0) {
          pi[m] = i;
          bi[m++] = head[id];
        }
      }
    }
    for (int i = 0; i < n && !uniqueBuildKeys; i++) {
      int id = ids[i];
      if (id < 0) {
        continue;
      }
      for (int r = head[id]; r >= 0; r = chain[r]) {
        if (m == pi.length) {
          ctx.memory.reserve(8L * m);
          pi = Arrays.copyOf(pi, m * 2);
          bi = Arrays.copyOf(bi, m * 2);
        }
        pi[m] = i;
        bi[m++] = r;
      }
    }
    boolean[] ok = null;
    if (remainder != null) {
      Batch pairs = combine(p, pi, bi, m, null);
      ok = Logic.isTrue(remainder.eval(pairs), m);
    }
    return switch (mode) {
      case SEMI, ANTI -> {
        boolean[] matched = new boolean[n];
        for (int k = 0; k < m; k++) {
          if (ok == null || ok[k]) {
            matched[pi[k]] = true;
          }
        }
        if (mode == Mode.ANTI) {
          for (int i = 0; i < n; i++) {
            matched[i] = !matched[i];
          }
        }
        yield p.select(matched);
      }
      case INNER -> {
        if (ok != null) {
          int w = 0;
          for (int k = 0; k < m; k++) {
            if (ok[k]) {
              pi[w] = pi[k];
              bi[w++] = bi[k];
            }
          }
          m = w;
        }
        yield combine(p, pi, bi, m, output);
      }
      case PROBE_OUTER -> {
        boolean[] matched = new boolean[n];
        int[] pj = new int[m + n];
        int[] bj = new int[m + n];
        int w = 0;
        for (int k = 0; k < m; k++) {
          if (ok == null || ok[k]) {
            matched[pi[k]] = true;
            pj[w] = pi[k];
            bj[w++] = bi[k];
          }
        }
        for (int i = 0; i < n; i++) {
          if (!matched[i]) {
            pj[w] = i;
            bj[w++] = -1;
          }
        }
        yield combine(p, pj, bj, w, output);
      }
    };
  }

  /**
   * Pairs as rows of left columns then right columns; only the columns in {@code wanted} (all when
   * null) are gathered, the others are left null.
   */
  private Batch combine(Batch p, int[] pi, int[] bi, int m, boolean[] wanted) {
    Batch left = probeIsLeft ? p : built;
    Batch right = probeIsLeft ? built : p;
    int[] li = probeIsLeft ? pi : bi;
    int[] ri = probeIsLeft ? bi : pi;
    int lw = left.cols().length;
    Vec[] cols = new Vec[lw + right.cols().length];
    for (int c = 0; c < cols.length; c++) {
      if (wanted == null || wanted[c]) {
        cols[c] = c < lw ? left.cols()[c].gather(li, m) : right.cols()[c - lw].gather(ri, m);
      }
    }
    return new Batch(m, cols);
  }

  @Override
  public ScanSource pipelineSource() {
    return probe.pipelineSource();
  }

  @Override
  public void close() {
    probe.close();
    side.close();
  }
}
