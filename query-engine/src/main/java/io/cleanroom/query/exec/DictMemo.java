package io.cleanroom.query.exec;

import java.util.Arrays;
import org.apache.calcite.rel.type.RelDataType;

/**
 * An expression over one string column, evaluated once per dictionary code and then looked up per
 * row: LIKE, IN lists, UPPER and the like cost a gather per row.
 */
final class DictMemo implements Expr {

  private final ExecContext ctx;
  private final Expr inner;
  private final int field;
  private final int width;
  private final boolean isDouble;
  private long[] longs = new long[0];
  private double[] doubles = new double[0];
  private boolean[] nulls = new boolean[0];
  private int size;
  private Vec nullInput;

  DictMemo(ExecContext ctx, Expr inner, int field, int width, RelDataType type) {
    this.ctx = ctx;
    this.inner = inner;
    this.field = field;
    this.width = width;
    this.isDouble = Types.isDouble(type);
  }

  @Override
  public Vec eval(Batch b) {
    Vec in = b.cols()[field];
    int n = b.rows();
    fill(ctx.dict.size());
    boolean[] outNulls = null;
    long[] ls = isDouble ? null : new long[n];
    double[] ds = isDouble ? new double[n] : null;
    for (int i = 0; i < n; i++) {
      boolean isNull;
      if (in.isNull(i)) {
        isNull = nullInput.isNull(0);
        if (!isNull) {
          if (isDouble) {
            ds[i] = nullInput.doubles[0];
          } else {
            ls[i] = nullInput.longs[0];
          }
        }
      } else {
        int code = (int) in.longs[i];
        isNull = nulls[code];
        if (isDouble) {
          ds[i] = doubles[code];
        } else {
          ls[i] = longs[code];
        }
      }
      if (isNull) {
        if (outNulls == null) {
          outNulls = new boolean[n];
        }
        outNulls[i] = true;
      }
    }
    return isDouble ? Vec.ofDoubles(ds, outNulls) : Vec.ofLongs(ls, outNulls);
  }

  private void fill(int upTo) {
    if (nullInput == null) {
      Vec[] cols = new Vec[width];
      cols[field] = Vec.ofLongs(new long[1], new boolean[] {true});
      nullInput = inner.eval(new Batch(1, cols));
    }
    if (upTo <= size) {
      return;
    }
    int n = upTo - size;
    long[] codes = new long[n];
    for (int i = 0; i < n; i++) {
      codes[i] = size + i;
    }
    Vec[] cols = new Vec[width];
    cols[field] = Vec.ofLongs(codes, null);
    Vec r = inner.eval(new Batch(n, cols));
    ctx.memory.reserve(9L * n);
    nulls = Arrays.copyOf(nulls, upTo);
    if (isDouble) {
      doubles = Arrays.copyOf(doubles, upTo);
      System.arraycopy(r.doubles, 0, doubles, size, n);
    } else {
      longs = Arrays.copyOf(longs, upTo);
      System.arraycopy(r.longs, 0, longs, size, n);
    }
    if (r.nulls != null) {
      System.arraycopy(r.nulls, 0, nulls, size, n);
    }
    size = upTo;
  }
}
