package io.pistream.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.pistream.contracts.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Hazelcast config of a clustered node: the XML ({@code conf/cluster.xml}, else the copy in
 * the jar), then the {@code cluster} settings of config.yaml over it, so that a user edits one file.
 */
final class HazelcastConfigs {

  static final String PACKED_XML = "pistream/cluster.xml";

  private static final Logger log = LoggerFactory.getLogger(HazelcastConfigs.class);

  static Config build(ClusterSettings settings) {
    Config config = readXml(settings);
    NetworkConfig network = config.getNetworkConfig();
    if (!settings.host().isEmpty()) {
      // Bind and announce this address only: a Pi with Wi-Fi and Ethernet must not offer the wrong one.
      config.setProperty("hazelcast.local.localAddress", settings.host());
      config.setProperty("hazelcast.socket.bind.any", "false");
    }
    if (settings.port() > 0) {
      network.setPort(settings.port()).setPortAutoIncrement(false);
    }
    if (!settings.members().isEmpty()) {
      JoinConfig join = network.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
    }
    return config;
  }

  private static Config readXml(ClusterSettings settings) {
    try {
      if (Files.isRegularFile(settings.hazelcastConfig())) {
        log.info("cluster config: {}", settings.hazelcastConfig());
        try (InputStream in = Files.newInputStream(settings.hazelcastConfig())) {
          return new XmlConfigBuilder(in).build();
        }
      }
      try (InputStream in = HazelcastConfigs.class.getClassLoader().getResourceAsStream(PACKED_XML)) {
        if (in == null) {
          throw new ConfigException("cluster.hazelcastConfig " + settings.hazelcastConfig() + " does not exist and the jar has no "
              + PACKED_XML);
        }
        return new XmlConfigBuilder(in).build();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ConfigException config) {
        throw config;
      }
      throw new ConfigException("cluster.hazelcastConfig " + settings.hazelcastConfig() + " cannot be read: " + e.getMessage());
    }
  }

  private HazelcastConfigs() {
  }
}
