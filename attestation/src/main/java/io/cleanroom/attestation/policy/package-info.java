/** Appraisal: verified claims against a contract's reference values, with every refusal reason. */
package io.cleanroom.attestation.policy;
