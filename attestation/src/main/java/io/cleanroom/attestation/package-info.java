/**
 * Remote attestation: evidence from TEEs, its verification to the vendors' roots, and appraisal.
 */
package io.cleanroom.attestation;
