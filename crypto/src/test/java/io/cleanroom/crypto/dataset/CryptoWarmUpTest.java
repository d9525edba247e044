package io.cleanroom.crypto.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CryptoWarmUpTest {

  @Test
  void roundTripsEverySegmentAndReportsItsTime() {
    assertThat(CryptoWarmUp.run(1)).isNotNegative();
    assertThat(CryptoWarmUp.run(300)).isNotNegative();
  }

  @Test
  void oneShotCommandsWarmUpOnlyForLargeInputs() {
    assertThat(CryptoWarmUp.runFor(1 << 20)).isFalse();
    assertThat(CryptoWarmUp.runFor(CryptoWarmUp.WORTH_IT)).isFalse();
    assertThat(CryptoWarmUp.runFor(CryptoWarmUp.WORTH_IT + 1)).isTrue();
  }
}
