/**
 * The static query check: column lineage over the logical plan, the analysis rules, the check
 * report and the query fingerprint.
 */
package io.cleanroom.query.check;
