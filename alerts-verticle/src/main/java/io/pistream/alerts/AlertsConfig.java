package io.pistream.alerts;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.ConfigSections;
import io.pistream.contracts.NodeIdentity;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code alerts} section of the config, validated whole at start; every error names the full
 * setting path. The channel keys ({@code email}, {@code webhook}) are read by {@code Channels}.
 */
record AlertsConfig(
    Path dataDir,
    String dashboardUrl,
    List<AlertRule> rules,
    int queueMax,
    int historyDays,
    RetryBackoff retry) {

  static final String SECTION = ConfigSections.ALERTS;

  static AlertsConfig from(JsonObject config) {
    ConfigReader reader = new ConfigReader(config, SECTION);
    String dataDir = reader.string("dataDir", "./data");
    if (dataDir.isBlank()) {
      throw new ConfigException(reader.path("dataDir") + " must not be empty");
    }
    String dashboardUrl = reader.string("dashboardUrl", "").trim();
    if (!dashboardUrl.isEmpty() && !dashboardUrl.startsWith("http://") && !dashboardUrl.startsWith("https://")) {
      throw new ConfigException(reader.path("dashboardUrl") + " must start with http:// or https://, got '" + dashboardUrl + "'");
    }
    while (dashboardUrl.endsWith("/")) {
      dashboardUrl = dashboardUrl.substring(0, dashboardUrl.length() - 1);
    }
    List<AlertRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int count = reader.list("rules").size();
    for (int i = 0; i < count; i++) {
      ConfigReader element = reader.element("rules", i);
      AlertRule rule = AlertRule.from(element);
      if (!names.add(rule.name())) {
        throw new ConfigException(element.path("name") + ": another rule is already named '" + rule.name() + "'");
      }
      rules.add(rule);
    }
    ConfigReader retry = reader.section("retry");
    long initialSeconds = retry.integer("initialSeconds", 10, 1, 3600);
    long maxSeconds = retry.integer("maxSeconds", 600, 1, 86_400);
    if (maxSeconds < initialSeconds) {
      throw new ConfigException(retry.path("maxSeconds") + " must be at least " + retry.path("initialSeconds") + " ("
          + initialSeconds + "), got " + maxSeconds);
    }
    return new AlertsConfig(
        Path.of(dataDir),
        dashboardUrl,
        List.copyOf(rules),
        (int) reader.integer("queueMax", 1000, 1, 1_000_000),
        (int) reader.integer("historyDays", 90, 1, 36_500),
        new RetryBackoff(initialSeconds * 1000, maxSeconds * 1000));
  }

  /** One file per node, so that two nodes sharing a data directory never share alert state. */
  Path databaseFile(NodeIdentity node) {
    return dataDir.resolve("alerts-" + node.id() + ".db");
  }

  String dataDirPath() {
    return SECTION + ".dataDir";
  }
}
