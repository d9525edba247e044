/** The verifier interface, its factory by TEE type, trust configuration and X.509 helpers. */
package io.cleanroom.attestation.verify;
