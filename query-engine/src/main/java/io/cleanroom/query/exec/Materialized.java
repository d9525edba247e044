package io.cleanroom.query.exec;

import java.util.ArrayList;
import java.util.List;

/** Reads an operator to its end into one batch, charging its memory to the query. */
final class Materialized {

  private Materialized() {}

  static Batch drain(ExecContext ctx, Operator op, boolean[] doubles) {
    List<Batch> parts = new ArrayList<>();
    Batch b;
    while ((b = op.next()) != null) {
      ctx.checkTime();
      ctx.memory.reserve(b.bytes());
      parts.add(b);
    }
    op.close();
    if (parts.isEmpty()) {
      Vec[] cols = new Vec[doubles.length];
      for (int c = 0; c < cols.length; c++) {
        cols[c] = doubles[c] ? Vec.ofDoubles(new double[0], null) : Vec.ofLongs(new long[0], null);
      }
      return new Batch(0, cols);
    }
    return Batch.concat(parts, doubles);
  }
}
