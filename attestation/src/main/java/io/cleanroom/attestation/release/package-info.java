/**
 * The enclave's side of the key release protocol (docs/protocol.md): challenge, evidence binding
 * the runtime data, attest, and opening the released keys inside the enclave.
 */
package io.cleanroom.attestation.release;
