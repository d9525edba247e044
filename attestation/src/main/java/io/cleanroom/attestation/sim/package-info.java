/**
 * The simulated TEE: SEV-SNP-format reports signed by a locally generated, clearly marked chain.
 */
package io.cleanroom.attestation.sim;
