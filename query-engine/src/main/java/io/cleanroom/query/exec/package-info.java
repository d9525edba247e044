/**
 * Vectorized execution of checked logical plans over Apache Arrow batches: Calcite optimises, the
 * engine's own operators run, batch at a time over primitive arrays.
 */
package io.cleanroom.query.exec;
