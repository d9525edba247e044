package io.cleanroom.query.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

  private final ExecContext ctx;
  private final Operator probe;
  private final Operator build;
  private final int[] probeKeys;
  private final int[] buildKeys;
  private final Mode mode;
  private final boolean probeIsLeft;
  private final boolean[] buildDoubles;
  private final Expr remainder;
  private Batch built;
  private int[] head;
  private int[] chain;
  private KeyTable table;
  private boolean uniqueBuildKeys;

  HashJoinOperator(
      ExecContext ctx,
      Operator probe,
      Operator build,
      int[] probeKeys,
      int[] buildKeys,
      Mode mode,
      boolean probeIsLeft,
      boolean[] buildDoubles,
      Expr remainder) {
    this.ctx = ctx;
    this.probe = probe;
    this.build = build;
    this.probeKeys = probeKeys;
    this.buildKeys = buildKeys;
    this.mode = mode;
    this.probeIsLeft = probeIsLeft;
    this.buildDoubles = buildDoubles;
    this.remainder = remainder;
  }

  private void buildTable() {
    List<Batch> parts = new ArrayList<>();
    Batch b;
    while ((b = build.next()) != null) {
      ctx.checkTime();
      ctx.memory.reserve(b.bytes());
      parts.add(b);
    }
    build.close();
    if (parts.isEmpty()) {
      Vec[] cols = new Vec[buildDoubles.length];
      for (int c = 0; c < cols.length; c++) {
        cols[c] =
            buildDoubles[c] ? Vec.ofDoubles(new double[0], null) : Vec.ofLongs(new long[0], null);
      }
      parts.add(new Batch(0, cols));
    }
    built = Batch.concat(parts, buildDoubles);
    int n = built.rows();
    ctx.memory.reserve(8L * n);
    table = new KeyTable(buildKeys.length, ctx.memory);
    int[] ids = new int[n];
    table.find(keys(built, buildKeys), n, ids, true, false);
    head = new int[table.size()];
    Arrays.fill(head, -1);
    chain = new int[n];
    int keyed = 0;
    for (int r = n - 1; r >= 0; r--) {
      keyed += ids[r] >= 0 ? 1 : 0;
      int id = ids[r];
      if (id >= 0) {
        chain[r] = head[id];
        head[id] = r;
      }
    }
    uniqueBuildKeys = keyed == table.size();
  }

  private static Vec[] keys(Batch b, int[] keys) {
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
      Batch pairs = combine(p, pi, bi, m);
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
        yield combine(p, pi, bi, m);
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
        yield combine(p, pj, bj, w);
      }
    };
  }

  /** Pairs as rows of left columns then right columns. */
  private Batch combine(Batch p, int[] pi, int[] bi, int m) {
    Batch left = p.gather(pi, m);
    Batch right = built.gather(bi, m);
    if (!probeIsLeft) {
      Batch t = left;
      left = right;
      right = t;
    }
    Vec[] cols = new Vec[left.cols().length + right.cols().length];
    System.arraycopy(left.cols(), 0, cols, 0, left.cols().length);
    System.arraycopy(right.cols(), 0, cols, left.cols().length, right.cols().length);
    return new Batch(m, cols);
  }

  @Override
  public void close() {
    probe.close();
    build.close();
  }
}
