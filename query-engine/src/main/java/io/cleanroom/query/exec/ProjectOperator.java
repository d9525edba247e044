package io.cleanroom.query.exec;

import java.util.List;

/** Computes one column per expression. */
final class ProjectOperator implements Operator {

  private final Operator input;
  private final List<Expr> exprs;

  ProjectOperator(Operator input, List<Expr> exprs) {
    this.input = input;
    this.exprs = exprs;
  }

  @Override
  public Batch next() {
    Batch b = input.next();
    if (b == null) {
      return null;
    }
    Vec[] cols = new Vec[exprs.size()];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = exprs.get(i).eval(b);
    }
    return new Batch(b.rows(), cols);
  }

  @Override
  public ScanSource pipelineSource() {
    return input.pipelineSource();
  }

  @Override
  public void close() {
    input.close();
  }
}
