package io.cleanroom.query.exec;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;

/** ORDER BY with OFFSET and FETCH over its materialised input (results are small). */
final class SortOperator implements Operator {

  private final ExecContext ctx;
  private final Operator input;
  private final List<RelFieldCollation> collations;
  private final boolean[] strings;
  private final boolean[] doubles;
  private final long offset;
  private final long fetch;
  private boolean done;

  SortOperator(
      ExecContext ctx,
      Operator input,
      List<RelFieldCollation> collations,
      boolean[] strings,
      boolean[] doubles,
      long offset,
      long fetch) {
    this.ctx = ctx;
    this.input = input;
    this.collations = collations;
    this.strings = strings;
    this.doubles = doubles;
    this.offset = offset;
    this.fetch = fetch;
  }

  @Override
  public Batch next() {
    if (done) {
      return null;
    }
    done = true;
    Batch all = Materialized.drain(ctx, input, doubles);
    int n = all.rows();
    ctx.memory.reserve(20L * n);
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    if (!collations.isEmpty()) {
      Arrays.sort(idx, comparator(all));
    }
    long from = Math.min(offset, n);
    long to = fetch < 0 ? n : Math.min(n, from + fetch);
    int[] rows = new int[(int) (to - from)];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = idx[(int) from + i];
    }
    return all.gather(rows, rows.length);
  }

  private Comparator<Integer> comparator(Batch all) {
    return (a, b) -> {
      for (RelFieldCollation fc : collations) {
        int c = compare(all.cols()[fc.getFieldIndex()], fc.getFieldIndex(), a, b, fc);
        if (c != 0) {
          return c;
        }
      }
      return 0;
    };
  }

  private int compare(Vec v, int field, int a, int b, RelFieldCollation fc) {
    boolean na = v.isNull(a);
    boolean nb = v.isNull(b);
    if (na || nb) {
      if (na && nb) {
        return 0;
      }
      boolean nullsFirst = fc.nullDirection == RelFieldCollation.NullDirection.FIRST;
      if (fc.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED) {
        nullsFirst = fc.getDirection().isDescending();
      }
      return na == nullsFirst ? -1 : 1;
    }
    int c;
    if (v.isDouble()) {
      c = Double.compare(v.doubles[a], v.doubles[b]);
    } else if (strings[field]) {
      c = ctx.dict.get((int) v.longs[a]).compareTo(ctx.dict.get((int) v.longs[b]));
    } else {
      c = Long.compare(v.longs[a], v.longs[b]);
    }
    return fc.getDirection().isDescending() ? -c : c;
  }

  @Override
  public void close() {
    input.close();
  }
}
