/**
 * Differentially private release of aggregates with Google's differential privacy library, and the
 * per-owner privacy budget ledger that every release is charged to first.
 */
package io.cleanroom.query.privacy.dp;
