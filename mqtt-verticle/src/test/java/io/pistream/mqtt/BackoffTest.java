package io.pistream.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesUpToTheCapAndStartsOverAfterAReset() {
    Backoff backoff = new Backoff(1000, 60_000);
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      delays.add(backoff.next());
    }
    assertThat(delays).containsExactly(1000L, 2000L, 4000L, 8000L, 16_000L, 32_000L, 60_000L, 60_000L);
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(1000L);
  }
}
