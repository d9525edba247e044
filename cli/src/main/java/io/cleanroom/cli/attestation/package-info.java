/** {@code cleanroom attestation}: verify TEE evidence offline and appraise it against a policy. */
package io.cleanroom.cli.attestation;
