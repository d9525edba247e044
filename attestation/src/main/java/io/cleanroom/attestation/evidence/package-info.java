/** The evidence model: what a TEE sends, what verification yields (claims, checks, TCB status). */
package io.cleanroom.attestation.evidence;
