package io.cleanroom.enclave.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ProcessHygieneTest {

  @Test
  void turnsHeapDumpsOff() {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    vm.setVMOption(ProcessHygiene.HEAP_DUMP, "true");
    assertThat(ProcessHygiene.apply()).singleElement().asString().contains("turned off");
    assertThat(ProcessHygiene.flag(ProcessHygiene.HEAP_DUMP)).isFalse();
    assertThat(ProcessHygiene.apply()).isEmpty();
  }
}
