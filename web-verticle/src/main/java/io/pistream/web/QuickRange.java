package io.pistream.web;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A named range of {@code /api/readings} ({@code range=7d}: the last 7 days). {@link #ALL} is the one
 * list: the parser accepts these names and {@code GET /api/ranges} serves them, in this order, for the
 * history page's buttons.
 */
record QuickRange(String name, String label, Duration span) {

  static final List<QuickRange> ALL = List.of(
      new QuickRange("12h", "12 hours", Duration.ofHours(12)),
      new QuickRange("24h", "24 hours", Duration.ofHours(24)),
      new QuickRange("3d", "3 days", Duration.ofDays(3)),
      new QuickRange("7d", "Week", Duration.ofDays(7)),
      new QuickRange("30d", "30 days", Duration.ofDays(30)),
      new QuickRange("1y", "Year", Duration.ofDays(365)));

  static Optional<QuickRange> named(String name) {
    return ALL.stream().filter(range -> range.name.equals(name)).findFirst();
  }

  /** "12h, 24h, ...", for error messages. */
  static String names() {
    return ALL.stream().map(QuickRange::name).collect(Collectors.joining(", "));
  }

  JsonObject toJson() {
    return new JsonObject().put("range", name).put("label", label).put("spanMs", span.toMillis());
  }
}
