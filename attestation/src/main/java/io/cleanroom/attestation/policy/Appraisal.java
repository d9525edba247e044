package io.cleanroom.attestation.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of appraising verified evidence against reference values: accepted only when no rule
 * refused it; otherwise every refusal with its reason.
 *
 * @param accepted true when {@code refusals} is empty
 * @param refusals every rule that refused, in rule order
 * @param passed the rules that passed, for the record
 */
public record Appraisal(boolean accepted, List<Refusal> refusals, List<String> passed) {

  public Appraisal {
    refusals = List.copyOf(refusals);
    passed = List.copyOf(passed);
  }

  /** The reasons, in order. */
  public List<RefusalReason> reasons() {
    return refusals.stream().map(Refusal::reason).toList();
  }

  /** The JSON form printed by the CLI. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accepted", accepted);
    m.put(
        "refusals",
        refusals.stream()
            .map(r -> Map.of("reason", r.reason().name(), "detail", r.detail()))
            .toList());
    m.put("passed", passed);
    return m;
  }
}
