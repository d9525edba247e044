/**
 * {@code ./cleanroom bench}: benchmarks that print their figures next to a peer's, measured in the
 * same run.
 */
package io.cleanroom.bench;
