/** Runs: key release, decryption, query execution, output rules and signed receipts. */
package io.cleanroom.enclave.run;
