/** Offline verification of enclave result receipts: signature, evidence and key binding. */
package io.cleanroom.attestation.receipt;
