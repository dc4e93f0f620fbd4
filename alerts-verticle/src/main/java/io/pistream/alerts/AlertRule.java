package io.pistream.alerts;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import java.util.List;
import java.util.Set;

/**
 * One entry of {@code alerts.rules}, validated.
 *
 * @param above threshold: fires above this value; null when not set
 * @param below threshold: fires below this value; null when not set
 * @param hysteresis how far back inside the line a value must come to clear (threshold: the quantity's
 *     unit; diskAlmostFull: percent points)
 * @param forMillis how long the condition must hold before the alert fires
 * @param repeatMillis how often a firing alert is sent again; 0: never
 * @param freePercent diskAlmostFull: fires when the free space is below this
 * @see RuleKind#SOC_HOT whose {@code above} defaults to {@link #DEFAULT_SOC_HOT_C}
 */
record AlertRule(
    String name,
    RuleKind kind,
    SubjectSelector selector,
    Quantity quantity,
    Double above,
    Double below,
    double hysteresis,
    long forMillis,
    long repeatMillis,
    double freePercent) {

  static final long DEFAULT_REPEAT_MINUTES = 20;
  static final double DEFAULT_FREE_PERCENT = 10;
  /** The Pi firmware's soft limit starts at 80 C (60 C on some models can be configured lower). */
  static final double DEFAULT_SOC_HOT_C = 80;

  private static final Set<String> KEYS = Set.of("name", "when", "sensor", "camera", "node", "quantity", "above", "below",
      "hysteresis", "forSeconds", "repeatMinutes", "freePercent");

  /** @throws ConfigException naming the setting that is wrong */
  static AlertRule from(ConfigReader rule) {
    for (String key : rule.json().fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new ConfigException(rule.path(key) + ": unknown key, expected one of " + String.join(", ", KEYS.stream().sorted().toList()));
      }
    }
    String name = rule.requiredString("name").trim();
    String when = rule.string("when", RuleKind.THRESHOLD.wire);
    RuleKind kind = RuleKind.fromWire(when).orElseThrow(() -> new ConfigException(
        rule.path("when") + ": unknown kind '" + when + "', expected one of " + String.join(", ", RuleKind.wires())));
    for (String selectorKey : List.of("sensor", "camera", "node")) {
      if (!selectorKey.equals(kind.selectorKey) && rule.json().containsKey(selectorKey)) {
        throw new ConfigException(rule.path(selectorKey) + " does not apply to " + kind.wire + " (it selects by " + kind.selectorKey + ")");
      }
    }
    SubjectSelector selector = SubjectSelector.parse(rule.string(kind.selectorKey, "*").trim(), kind.selectsWithinNode(),
        rule.path(kind.selectorKey));
    if (kind != RuleKind.THRESHOLD) {
      for (String thresholdKey : kind == RuleKind.SOC_HOT ? List.of("quantity", "below") : List.of("quantity", "above", "below")) {
        if (rule.json().containsKey(thresholdKey)) {
          throw new ConfigException(rule.path(thresholdKey) + " applies to threshold rules only, not " + kind.wire);
        }
      }
    }
    if (kind != RuleKind.DISK_ALMOST_FULL && rule.json().containsKey("freePercent")) {
      throw new ConfigException(rule.path("freePercent") + " applies to diskAlmostFull rules only, not " + kind.wire);
    }
    Quantity quantity = null;
    Double above = null;
    Double below = null;
    if (kind == RuleKind.THRESHOLD) {
      String quantityName = rule.string("quantity", Quantity.TEMPERATURE.wire);
      quantity = Quantity.fromWire(quantityName).orElseThrow(() -> new ConfigException(
          rule.path("quantity") + ": unknown quantity '" + quantityName + "', expected one of " + String.join(", ", Quantity.wires())));
      above = optionalNumber(rule, "above");
      below = optionalNumber(rule, "below");
      if (above == null && below == null) {
        throw new ConfigException(rule.path("above") + " or " + rule.path("below") + " is required for a threshold rule");
      }
      if (above != null && below != null && below >= above) {
        throw new ConfigException(rule.path("below") + " must be less than " + rule.path("above") + " (" + above + "), got " + below);
      }
    }
    if (kind == RuleKind.SOC_HOT) {
      above = rule.number("above", DEFAULT_SOC_HOT_C, -40, 150);
    }
    double freePercent = kind == RuleKind.DISK_ALMOST_FULL ? rule.number("freePercent", DEFAULT_FREE_PERCENT, 0, 100) : 0;
    return new AlertRule(
        name,
        kind,
        selector,
        quantity,
        above,
        below,
        rule.number("hysteresis", 0, 0, 1000),
        rule.integer("forSeconds", 0, 0, 7 * 86_400) * 1000,
        rule.integer("repeatMinutes", DEFAULT_REPEAT_MINUTES, 0, 7 * 1440) * 60_000,
        freePercent);
  }

  private static Double optionalNumber(ConfigReader rule, String key) {
    return rule.json().getValue(key) == null ? null : rule.number(key, 0);
  }
}
