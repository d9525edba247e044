/**
 * Result receipts: the enclave's Ed25519 signing key, the signed receipt format and its offline
 * verification, and the binding of the enclave's public keys into its attestation evidence.
 */
package io.cleanroom.crypto.receipt;
