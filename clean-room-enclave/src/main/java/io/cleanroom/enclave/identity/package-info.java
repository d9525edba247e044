/** The enclave's identity: its in-memory key pairs and the evidence that binds them. */
package io.cleanroom.enclave.identity;
