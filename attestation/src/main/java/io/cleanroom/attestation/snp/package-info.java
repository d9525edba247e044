/**
 * AMD SEV-SNP: report parsing, VCEK/VLEK extensions, the chain to the pinned ARKs, the verifier.
 */
package io.cleanroom.attestation.snp;
