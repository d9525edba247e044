package io.cleanroom.query;

/**
 * The version of the engine's query semantics, bound into every query fingerprint.
 *
 * <p><b>Security:</b> an approval covers one engine version: a change to the rule check, the output
 * privacy or the meaning of SQL must change this string, so that owners approve again.
 */
public final class EngineVersion {

  /** The identifier written into fingerprints and reports. */
  public static final String ID = "cleanroom-query-engine/1";

  private EngineVersion() {}
}
