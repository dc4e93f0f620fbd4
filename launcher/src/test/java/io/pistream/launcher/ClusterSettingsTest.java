package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.pistream.contracts.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cluster section and how it overrides conf/cluster.xml. */
class ClusterSettingsTest {

  @Test
  void offUnlessEnabledOrForcedByTheFlag() {
    assertThat(ClusterSettings.from(new JsonObject(), false).enabled()).isFalse();
    assertThat(ClusterSettings.from(new JsonObject(), true).enabled()).isTrue();
    assertThat(ClusterSettings.from(cluster(new JsonObject().put("enabled", true)), false).enabled()).isTrue();
    assertThat(LaunchOptions.parse(new String[] {"--cluster"}, Map.of()).cluster()).isTrue();
    assertThat(LaunchOptions.parse(new String[0], Map.of()).cluster()).isFalse();
  }

  @Test
  void withoutOverridesTheXmlDecides() {
    Config config = HazelcastConfigs.build(ClusterSettings.from(new JsonObject(), true));
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(config.getClusterName()).isEqualTo("pistream");
    assertThat(join.getMulticastConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
  }

  @Test
  void membersHostAndPortOverrideTheXml() {
    ClusterSettings settings = ClusterSettings.from(cluster(new JsonObject()
        .put("host", "192.168.1.20").put("port", 5702).put("members", new JsonArray().add("192.168.1.20").add("greenhouse:5702"))), true);
    Config config = HazelcastConfigs.build(settings);
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("192.168.1.20", "greenhouse:5702");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5702);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("192.168.1.20");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
  }

  @Test
  void theJarsCopyServesWhenTheFileIsMissing() {
    ClusterSettings settings = new ClusterSettings(true, Path.of("no", "such", "cluster.xml"), "", 0, List.of(), 5801, ClusterTls.OFF);
    assertThat(HazelcastConfigs.build(settings).getClusterName()).isEqualTo("pistream");
  }

  @Test
  void invalidSettingsNameTheirPath() {
    assertThatThrownBy(() -> ClusterSettings.from(cluster(new JsonObject().put("members", new JsonArray().add("a b"))), true))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.members[0]");
    assertThatThrownBy(() -> ClusterSettings.from(cluster(new JsonObject().put("port", 70_000)), true))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.port");
    assertThatThrownBy(() -> ClusterSettings.from(cluster(new JsonObject().put("eventBusPort", -1)), true))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.eventBusPort");
  }

  private static JsonObject cluster(JsonObject section) {
    return new JsonObject().put("cluster", section);
  }
}
