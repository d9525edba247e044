/**
 * What tests and benchmarks share, never the product: TPC-H data as Arrow batches and DuckDB, the
 * correctness oracle and speed peer, loaded with the very same batches.
 */
package io.cleanroom.testing;
