package io.cleanroom.query.check;

/**
 * One reason the check refuses a query.
 *
 * @param code the stable reason
 * @param message a plain-language explanation naming the columns involved
 */
public record Refusal(RefusalCode code, String message) {}
