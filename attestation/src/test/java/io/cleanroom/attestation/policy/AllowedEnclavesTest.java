package io.cleanroom.attestation.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.attestation.TeeType;
import io.cleanroom.attestation.evidence.TcbStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AllowedEnclavesTest {

  static final String MR = "ab".repeat(48);

  @Test
  void readsEveryMember() {
    ReferenceValues v =
        AllowedEnclaves.referenceValues(
            "snp",
            Map.of(
                "measurement", MR.toUpperCase(),
                "hostData", "01".repeat(32),
                "minimumTcb", "bootloader=3, snp=8,microcode=115",
                "tcbStatuses", "UpToDate,SWHardeningNeeded",
                "allowDebug", "false",
                "maxEvidenceAge", "PT5M"));
    assertThat(v.tees()).containsExactly(TeeType.SNP);
    assertThat(v.measurements()).containsExactly(MR);
    assertThat(v.hostData()).containsExactly("01".repeat(32));
    assertThat(v.minimumTcb()).isEqualTo(Map.of("bootloader", 3, "snp", 8, "microcode", 115));
    assertThat(v.allowedTcbStatuses())
        .isEqualTo(
            Set.of(TcbStatus.fromLabel("UpToDate"), TcbStatus.fromLabel("SWHardeningNeeded")));
    assertThat(v.allowDebug()).isFalse();
    assertThat(v.allowSimulated()).isFalse();
    assertThat(v.maxEvidenceAge()).isEqualTo(Optional.of(Duration.ofMinutes(5)));
  }

  @Test
  void onlyASimEntryAllowsSimulatedEvidence() {
    assertThat(AllowedEnclaves.referenceValues("sim", Map.of("measurement", MR)).allowSimulated())
        .isTrue();
    assertThat(AllowedEnclaves.referenceValues("tdx", Map.of("measurement", MR)).allowSimulated())
        .isFalse();
  }

  @Test
  void refusesWhatItDoesNotUnderstand() {
    Map<Map<String, String>, String> bad =
        Map.of(
            Map.of("measurement", MR, "minimumTCB", "snp=8"), "unknown field 'minimumTCB'",
            Map.of(), "needs a hex measurement",
            Map.of("measurement", "xyz"), "needs a hex measurement",
            Map.of("measurement", MR, "hostData", "0g"), "hostData must be hex",
            Map.of("measurement", MR, "minimumTcb", "snp"), "minimumTcb is",
            Map.of("measurement", MR, "minimumTcb", "snp=-1"), "minimumTcb is",
            Map.of("measurement", MR, "tcbStatuses", "Fine"), "unknown TCB status",
            Map.of("measurement", MR, "allowDebug", "yes"), "allowDebug is true or false",
            Map.of("measurement", MR, "maxEvidenceAge", "5 minutes"), "maxEvidenceAge");
    bad.forEach(
        (values, message) ->
            assertThatThrownBy(() -> AllowedEnclaves.referenceValues("snp", values))
                .as(values.toString())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message));
    assertThatThrownBy(() -> AllowedEnclaves.referenceValues("sgx", Map.of("measurement", MR)))
        .hasMessageContaining("unknown tee 'sgx'");
  }
}
