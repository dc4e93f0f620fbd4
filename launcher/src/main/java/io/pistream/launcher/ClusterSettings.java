package io.pistream.launcher;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.ConfigSections;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code cluster} config section, validated.
 *
 * @param enabled whether this node joins a cluster ({@code --cluster} forces it)
 * @param hazelcastConfig the Hazelcast XML; the copy packed in the jar when the file does not exist
 * @param host the address this node binds and announces; empty: Hazelcast picks an interface
 * @param port the Hazelcast member port; 0: the XML's
 * @param members TCP-IP members ({@code host} or {@code host:port}); empty: the XML's join settings
 * @param eventBusPort the TCP port other nodes send event-bus messages to; 0: any free port
 * @param tls event-bus messages over TLS ({@code cluster.tls}), or off
 */
record ClusterSettings(boolean enabled, Path hazelcastConfig, String host, int port, List<String> members, int eventBusPort,
    ClusterTls tls) {

  static final String SECTION = ConfigSections.CLUSTER;
  private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+");

  ClusterSettings {
    members = List.copyOf(members);
  }

  static ClusterSettings from(JsonObject config, boolean forced) {
    ConfigReader section = new ConfigReader(config, "").section(SECTION);
    boolean enabled = forced || section.bool("enabled", false);
    String file = section.string("hazelcastConfig", "conf/cluster.xml");
    if (file.isBlank()) {
      throw new ConfigException(section.path("hazelcastConfig") + " must name a file");
    }
    List<String> members = new ArrayList<>();
    var list = section.list("members");
    for (int i = 0; i < list.size(); i++) {
      String member = String.valueOf(list.getValue(i)).trim();
      if (!MEMBER.matcher(member).matches()) {
        throw new ConfigException(section.path("members") + "[" + i + "] must be a host name or address with an optional :port, got '"
            + member + "'");
      }
      members.add(member);
    }
    return new ClusterSettings(
        enabled,
        Path.of(file),
        section.string("host", "").trim(),
        (int) section.integer("port", 0, 0, 65_535),
        members,
        (int) section.integer("eventBusPort", 5801, 0, 65_535),
        ClusterTls.from(section.section("tls")));
  }
}
