package io.cleanroom.attestation.evidence;

/**
 * One verification step and its outcome.
 *
 * @param name a stable name (e.g. {@code report_signature}, {@code chain})
 * @param ok whether the step passed
 * @param detail what was checked, or why it failed
 */
public record Check(String name, boolean ok, String detail) {

  public static Check pass(String name, String detail) {
    return new Check(name, true, detail);
  }

  public static Check fail(String name, String detail) {
    return new Check(name, false, detail);
  }
}
