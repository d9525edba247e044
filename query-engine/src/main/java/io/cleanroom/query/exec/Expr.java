package io.cleanroom.query.exec;

/** A compiled scalar expression: evaluates a whole batch at a time. */
interface Expr {

  /** The values of the expression for every row of the batch. */
  Vec eval(Batch b);

  /** A constant (the same value for every row), for folding. */
  default boolean isConstant() {
    return false;
  }
}
