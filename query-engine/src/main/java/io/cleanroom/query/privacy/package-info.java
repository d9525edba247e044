/**
 * Output privacy: the threshold rewrite, differentially private aggregation with Google's library,
 * and the per-owner privacy budget ledger.
 */
package io.cleanroom.query.privacy;
