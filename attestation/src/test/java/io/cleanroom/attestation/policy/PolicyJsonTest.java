package io.cleanroom.attestation.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.TeeType;
import io.cleanroom.attestation.evidence.TcbStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyJsonTest {

  private static PolicyJson.Policy parse(String json) {
    return PolicyJson.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsEveryField() {
    PolicyJson.Policy p =
        parse(
            """
            {"tees": ["tdx"], "measurements": ["AB"], "hostData": ["cd"],
             "minimumTcb": {"pcesvn": 13}, "allowedTcbStatuses": ["UpToDate", "SWHardeningNeeded"],
             "allowDebug": true, "allowSimulated": false, "maxEvidenceAge": "PT5M",
             "reportData": "0102"}
            """);
    ReferenceValues r = p.referenceValues();

    assertThat(r.tees()).containsExactly(TeeType.TDX);
    assertThat(r.measurements()).containsExactly("ab");
    assertThat(r.hostData()).containsExactly("cd");
    assertThat(r.minimumTcb()).containsEntry("pcesvn", 13);
    assertThat(r.allowedTcbStatuses())
        .isEqualTo(Set.of(TcbStatus.UP_TO_DATE, TcbStatus.SW_HARDENING_NEEDED));
    assertThat(r.allowDebug()).isTrue();
    assertThat(r.maxEvidenceAge()).contains(Duration.ofMinutes(5));
    assertThat(p.reportData().orElseThrow()).containsExactly(1, 2);
  }

  @Test
  void defaultsRefuseDebugAndSimulatedAndAllowOnlyUpToDate() {
    ReferenceValues r = parse("{\"measurements\": [\"*\"]}").referenceValues();

    assertThat(r.allowDebug()).isFalse();
    assertThat(r.allowSimulated()).isFalse();
    assertThat(r.allowedTcbStatuses())
        .containsExactlyInAnyOrder(TcbStatus.UP_TO_DATE, TcbStatus.NOT_APPLICABLE);
  }

  @Test
  void refusesUnknownFieldsMissingMeasurementsAndWrongTypes() {
    for (String bad :
        new String[] {
          "{\"measurements\": [\"*\"], \"allowDebugg\": true}",
          "{\"tees\": [\"snp\"]}",
          "{\"measurements\": \"*\"}",
          "{\"measurements\": [\"*\"], \"allowDebug\": \"yes\"}",
          "{\"measurements\": [\"*\"], \"minimumTcb\": {\"snp\": 1.5}}",
          "{\"measurements\": [\"*\"], \"tees\": [\"sgx\"]}",
          "{\"measurements\": [\"*\"], \"maxEvidenceAge\": \"5 minutes\"}",
          "{\"measurements\": [\"*\"], \"reportData\": \"xyz\"}",
          "[1]",
          "{"
        }) {
      assertThatThrownBy(() -> parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              AttestationException.class,
              e -> assertThat(e.code()).isEqualTo(AttestationException.Code.MALFORMED_POLICY));
    }
  }
}
