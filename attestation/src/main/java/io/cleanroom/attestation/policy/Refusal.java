package io.cleanroom.attestation.policy;

/**
 * One reason an appraisal refused evidence.
 *
 * @param reason the stable reason
 * @param detail what differed (safe to log: claims are not secret)
 */
public record Refusal(RefusalReason reason, String detail) {}
