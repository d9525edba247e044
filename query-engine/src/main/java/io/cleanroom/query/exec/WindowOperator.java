package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * Window functions, row at a time over the materialised input (the fallback path; inputs are
 * aggregate results). Supported: ROW_NUMBER, RANK, DENSE_RANK, and COUNT, SUM, AVG, MIN, MAX over
 * the whole partition or a running frame (UNBOUNDED PRECEDING to CURRENT ROW).
 */
final class WindowOperator implements Operator {

  private final ExecContext ctx;
  private final Operator input;
  private final Window window;
  private final List<RelDataType> inputTypes;
  private final boolean[] doubles;
  private boolean done;

  WindowOperator(ExecContext ctx, Operator input, Window window, boolean[] doubles) {
    this.ctx = ctx;
    this.input = input;
    this.window = window;
    this.inputTypes =
        window.getInput().getRowType().getFieldList().stream().map(f -> f.getType()).toList();
    this.doubles = doubles;
  }

  @Override
  public Batch next() {
    if (done) {
      return null;
    }
    done = true;
    Batch all = Materialized.drain(ctx, input, doubles);
    List<Vec> out = new ArrayList<>(Arrays.asList(all.cols()));
    int outField = inputTypes.size();
    for (Window.Group g : window.groups) {
      for (Window.RexWinAggCall call : g.aggCalls) {
        RelDataType rt = window.getRowType().getFieldList().get(outField++).getType();
        out.add(compute(all, g, call, rt));
      }
    }
    return new Batch(all.rows(), out.toArray(Vec[]::new));
  }

  private Object value(Batch all, RexNode operand, int row) {
    if (operand instanceof RexInputRef ref) {
      int i = ref.getIndex();
      if (i < inputTypes.size()) {
        return Types.value(all.cols()[i], row, inputTypes.get(i), ctx.dict);
      }
      return window.constants.get(i - inputTypes.size()).getValue3();
    }
    if (operand instanceof RexLiteral lit) {
      return lit.getValue3();
    }
    throw new QueryException(QueryException.Code.UNSUPPORTED, "window argument " + operand);
  }

  private Vec compute(Batch all, Window.Group g, Window.RexWinAggCall call, RelDataType rt) {
    int n = all.rows();
    ctx.memory.reserve(20L * n);
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Comparator<Integer> part =
        keyComparator(all, g.keys.asList().stream().map(k -> new RelFieldCollation(k)).toList());
    Comparator<Integer> order = keyComparator(all, g.orderKeys.getFieldCollations());
    Arrays.sort(idx, part.thenComparing(order));
    SqlKind kind = call.getKind();
    boolean ordered = !g.orderKeys.getFieldCollations().isEmpty();
    boolean whole = !ordered || (g.lowerBound.isUnbounded() && g.upperBound.isUnbounded());
    boolean running =
        ordered
            && g.lowerBound.isUnbounded()
            && g.lowerBound.isPreceding()
            && g.upperBound.isCurrentRow();
    if (!whole && !running && !isRank(kind)) {
      throw new QueryException(
          QueryException.Code.UNSUPPORTED, "window frame " + g + " is not supported");
    }
    RowFunctions.Out res = new RowFunctions.Out(n, rt, ctx.dict);
    int start = 0;
    while (start < n) {
      int end = start + 1;
      while (end < n && part.compare(idx[start], idx[end]) == 0) {
        end++;
      }
      if (isRank(kind)) {
        long rank = 0;
        long dense = 0;
        for (int i = start; i < end; i++) {
          boolean newPeer = i == start || order.compare(idx[i - 1], idx[i]) != 0;
          if (newPeer) {
            rank = i - start + 1;
            dense++;
          }
          long v = kind == SqlKind.ROW_NUMBER ? i - start + 1 : kind == SqlKind.RANK ? rank : dense;
          res.set(idx[i], v);
        }
      } else if (whole) {
        Object v = aggregate(all, call, rt, idx, start, end);
        for (int i = start; i < end; i++) {
          res.set(idx[i], v);
        }
      } else {
        int i = start;
        while (i < end) {
          int peerEnd = i + 1;
          if (!g.isRows) {
            while (peerEnd < end && order.compare(idx[i], idx[peerEnd]) == 0) {
              peerEnd++;
            }
          }
          Object v = aggregate(all, call, rt, idx, start, peerEnd);
          for (int k = i; k < peerEnd; k++) {
            res.set(idx[k], v);
          }
          i = peerEnd;
        }
      }
      start = end;
    }
    return res.vec();
  }

  private static boolean isRank(SqlKind kind) {
    return kind == SqlKind.ROW_NUMBER || kind == SqlKind.RANK || kind == SqlKind.DENSE_RANK;
  }

  private Object aggregate(
      Batch all, Window.RexWinAggCall call, RelDataType rt, Integer[] idx, int from, int to) {
    SqlKind kind = call.getKind();
    long count = 0;
    BigDecimal sum = BigDecimal.ZERO;
    double dsum = 0;
    boolean dbl = false;
    Comparable<Object> best = null;
    for (int i = from; i < to; i++) {
      if (call.getOperands().isEmpty()) {
        count++;
        continue;
      }
      Object v = value(all, call.getOperands().get(0), idx[i]);
      if (v == null) {
        continue;
      }
      count++;
      switch (v) {
        case Double d -> {
          dbl = true;
          dsum += d;
        }
        case BigDecimal d -> sum = sum.add(d);
        case Long l -> sum = sum.add(BigDecimal.valueOf(l));
        default -> {}
      }
      @SuppressWarnings("unchecked")
      Comparable<Object> c = (Comparable<Object>) v;
      if (best == null || (kind == SqlKind.MIN ? c.compareTo(best) < 0 : c.compareTo(best) > 0)) {
        best = c;
      }
    }
    return switch (kind) {
      case COUNT -> count;
      case SUM, SUM0 -> count == 0 ? (kind == SqlKind.SUM0 ? 0L : null) : dbl ? dsum : sum;
      case AVG ->
          count == 0
              ? null
              : dbl
                  ? dsum / count
                  : sum.divide(BigDecimal.valueOf(count), java.math.MathContext.DECIMAL64);
      case MIN, MAX -> best;
      default ->
          throw new QueryException(
              QueryException.Code.UNSUPPORTED, "the window function " + kind + " is not supported");
    };
  }

  private Comparator<Integer> keyComparator(Batch all, List<RelFieldCollation> keys) {
    return (a, b) -> {
      for (RelFieldCollation fc : keys) {
        int f = fc.getFieldIndex();
        Object x = Types.value(all.cols()[f], a, inputTypes.get(f), ctx.dict);
        Object y = Types.value(all.cols()[f], b, inputTypes.get(f), ctx.dict);
        int c;
        if (x == null || y == null) {
          c = x == y ? 0 : (x == null) == fc.getDirection().isDescending() ? -1 : 1;
        } else {
          @SuppressWarnings("unchecked")
          Comparable<Object> cx = (Comparable<Object>) x;
          c = cx.compareTo(y);
          c = fc.getDirection().isDescending() ? -c : c;
        }
        if (c != 0) {
          return c;
        }
      }
      return 0;
    };
  }

  @Override
  public void close() {
    input.close();
  }
}
