package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.NodePresence;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeDirectoryTest {

  private final NodeDirectory nodes = new NodeDirectory();

  @Test
  void silentForThreeBeatsIsOfflineAndNeverHeardIsNot() {
    nodes.heard(beat("shed", 1_000), 10_000);
    assertThat(nodes.isOffline("shed", 10_000 + 3 * 2_000)).isFalse();
    assertThat(nodes.isOffline("shed", 10_000 + 3 * 2_000 + 1)).isTrue();
    assertThat(nodes.isOffline("never-heard", 99_000)).isFalse();
    assertThat(nodes.lastHeard("shed")).isEqualTo(10_000);
  }

  @Test
  void aRestartIsNotADuplicateButAlternatingStartTimesAre() {
    assertThat(nodes.heard(beat("pi", 1_000), 10_000)).isFalse();
    assertThat(nodes.heard(beat("pi", 1_000), 12_000)).isFalse();
    // Restarted: a new start time, never seen again afterwards.
    assertThat(nodes.heard(beat("pi", 20_000), 22_000)).isFalse();
    assertThat(nodes.heard(beat("pi", 20_000), 24_000)).isFalse();
    // A second node with the same id: the start times alternate.
    assertThat(nodes.heard(beat("pi", 23_000), 24_500)).isFalse();
    assertThat(nodes.heard(beat("pi", 20_000), 26_000)).isTrue();
  }

  private static NodePresence beat(String node, long started) {
    return new NodePresence(node, "", List.of("sensor"), "0.1.0", started, 2_000, false);
  }
}
