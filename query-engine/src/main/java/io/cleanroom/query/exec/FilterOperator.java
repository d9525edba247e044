package io.cleanroom.query.exec;

/** Keeps the rows where a predicate is true. */
final class FilterOperator implements Operator {

  private final Operator input;
  private final Expr predicate;

  FilterOperator(Operator input, Expr predicate) {
    this.input = input;
    this.predicate = predicate;
  }

  @Override
  public Batch next() {
    Batch b;
    while ((b = input.next()) != null) {
      Batch out = b.select(Logic.isTrue(predicate.eval(b), b.rows()));
      if (out.rows() > 0) {
        return out;
      }
    }
    return null;
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
