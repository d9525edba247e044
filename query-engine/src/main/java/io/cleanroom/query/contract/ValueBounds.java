package io.cleanroom.query.contract;

/**
 * The range a column's values are clamped to before differentially private aggregation.
 *
 * @param lower the smallest value a row may contribute
 * @param upper the largest value a row may contribute
 */
public record ValueBounds(double lower, double upper) {

  public ValueBounds {
    if (!(lower <= upper) || Double.isInfinite(lower) || Double.isInfinite(upper)) {
      throw new IllegalArgumentException("bounds must be finite with lower <= upper");
    }
  }
}
