package io.cleanroom.query.exec;

import io.cleanroom.query.QueryException;
import io.cleanroom.query.plan.DpAggregate;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/** Hands the materialised input of a {@link DpAggregate} to the {@link DpReleaser}. */
final class DpOperator implements Operator {

  private final ExecContext ctx;
  private final Operator input;
  private final DpAggregate node;
  private final boolean[] doubles;
  private boolean done;

  DpOperator(ExecContext ctx, Operator input, DpAggregate node, boolean[] doubles) {
    this.ctx = ctx;
    this.input = input;
    this.node = node;
    this.doubles = doubles;
  }

  @Override
  public Batch next() {
    if (done) {
      return null;
    }
    done = true;
    DpReleaser releaser =
        ctx.dp.orElseThrow(
            () ->
                new QueryException(
                    QueryException.Code.UNSUPPORTED,
                    "differential privacy is not available in this executor"));
    Batch all = Materialized.drain(ctx, input, doubles);
    List<RelDataTypeField> in = node.getInput().getRowType().getFieldList();
    DpReleaser.Input view =
        new DpReleaser.Input() {
          @Override
          public int rowCount() {
            return all.rows();
          }

          @Override
          public List<String> fieldNames() {
            return in.stream().map(RelDataTypeField::getName).toList();
          }

          @Override
          public Object value(int field, int row) {
            return Types.value(all.cols()[field], row, in.get(field).getType(), ctx.dict);
          }
        };
    DpReleaser.Release r = releaser.release(node, view);
    ctx.suppressedGroups += r.suppressedGroups();
    List<RelDataTypeField> out = node.getRowType().getFieldList();
    int n = r.rows().size();
    Vec[] cols = new Vec[out.size()];
    for (int c = 0; c < cols.length; c++) {
      RelDataType t = out.get(c).getType();
      RowFunctions.Out o = new RowFunctions.Out(n, t, ctx.dict);
      for (int i = 0; i < n; i++) {
        List<Object> row = r.rows().get(i);
        if (row.size() != cols.length) {
          throw new QueryException(
              QueryException.Code.INTERNAL, "the DP releaser returned a row of the wrong width");
        }
        o.set(i, row.get(c));
      }
      cols[c] = o.vec();
    }
    return new Batch(n, cols);
  }

  @Override
  public void close() {
    input.close();
  }
}
