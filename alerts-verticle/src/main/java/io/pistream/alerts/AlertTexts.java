package io.pistream.alerts;

import io.pistream.contracts.AlertEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Words for people: what (rule, kind, quantity), where (names as the nodes report them), the value and
 * the line it crossed, since when and for how long, and a link to the dashboard's history at that moment.
 */
final class AlertTexts {

  static final Duration LINK_BEFORE = Duration.ofHours(6);
  static final Duration LINK_AFTER = Duration.ofHours(1);

  private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final Map<String, AlertRule> rules;
  private final String dashboardUrl;
  private final ZoneId zone;

  AlertTexts(Map<String, AlertRule> rules, String dashboardUrl, ZoneId zone) {
    this.rules = rules;
    this.dashboardUrl = dashboardUrl;
    this.zone = zone;
  }

  AlertEvent event(AlertChange change, Observations seen) {
    Alert alert = change.alert();
    return new AlertEvent(alert.id(), alert.rule(), alert.kind(), alert.node(), alert.subject(),
        alert.firing() ? AlertEvent.FIRING : AlertEvent.RESOLVED, oneLine(change, seen), alert.value(), alert.since(), alert.firedAt(),
        alert.resolvedAt(), link(alert, change.at()));
  }

  Notification notification(AlertChange change, Observations seen, String id) {
    AlertEvent event = event(change, seen);
    Alert alert = change.alert();
    String heading = switch (change.type()) {
      case FIRED -> "Alert";
      case REPEATED -> "Still firing";
      case RESOLVED -> "Resolved";
    };
    String title = heading + ": " + alert.rule() + ": " + where(alert, seen) + ": " + what(change);
    StringBuilder body = new StringBuilder();
    body.append(heading).append(": ").append(alert.rule()).append(" (").append(kindWords(alert)).append(")\n");
    body.append("What: ").append(what(change)).append('\n');
    body.append("Where: ").append(where(alert, seen)).append('\n');
    body.append("Since: ").append(time(alert.since()));
    if (change.type() == AlertChange.Type.RESOLVED) {
      body.append('\n').append("Resolved: ").append(time(alert.resolvedAt()))
          .append(" (lasted ").append(duration(alert.resolvedAt() - alert.since())).append(')');
    } else {
      body.append(" (").append(duration(change.at() - alert.since())).append(')');
    }
    if (!event.link().isEmpty()) {
      body.append('\n').append("History: ").append(event.link());
    }
    return new Notification(id, title, body.toString(), event.link(), event, change.at());
  }

  /** The {@code AlertEvent.message}: the title without the heading. */
  String oneLine(AlertChange change, Observations seen) {
    String line = change.alert().rule() + ": " + where(change.alert(), seen) + ": " + what(change);
    if (change.type() == AlertChange.Type.RESOLVED) {
      line += " (lasted " + duration(change.alert().resolvedAt() - change.alert().since()) + ")";
    }
    return line;
  }

  /**
   * The dashboard's history page from 6 h before the condition began to 1 h after {@code moment}; a sensor's
   * alert names the sensor. Empty without {@code alerts.dashboardUrl}.
   */
  String link(Alert alert, long moment) {
    if (dashboardUrl.isEmpty()) {
      return "";
    }
    String from = Instant.ofEpochMilli(alert.since()).minus(LINK_BEFORE).toString();
    String to = Instant.ofEpochMilli(moment).plus(LINK_AFTER).toString();
    boolean sensor = RuleKind.fromWire(alert.kind()).map(kind -> kind.selectorKey.equals("sensor")).orElse(false);
    return dashboardUrl + "/history?" + (sensor ? "sensor=" + alert.subject() + "&" : "") + "from=" + from + "&to=" + to;
  }

  String time(long epochMs) {
    return LOCAL_TIME.format(Instant.ofEpochMilli(epochMs).atZone(zone).withNano(0));
  }

  private String kindWords(Alert alert) {
    AlertRule rule = rules.get(alert.rule());
    return rule != null && rule.quantity() != null ? alert.kind() + ", " + rule.quantity().wire : alert.kind();
  }

  private String where(Alert alert, Observations seen) {
    Subject subject = Subject.parse(alert.subject());
    String node = seen.nodeName(subject.node());
    String onNode = node.equals(subject.node()) ? " on " + node : " on " + node + " (" + subject.node() + ")";
    RuleKind kind = RuleKind.fromWire(alert.kind()).orElse(RuleKind.NODE_OFFLINE);
    return switch (kind) {
      case THRESHOLD, SENSOR_FAILING, SENSOR_OFFLINE ->
          "sensor " + named(seen.sensorName(subject.node(), subject.id()), subject) + onNode;
      case CAMERA_OFFLINE -> "camera " + named(seen.cameraName(subject.node(), subject.id()), subject) + onNode;
      case NODE_OFFLINE -> "node " + (node.equals(subject.node()) ? node : node + " (" + subject.node() + ")");
      case STORAGE_FAILING -> "storage" + onNode;
      case DISK_ALMOST_FULL -> "data disk" + onNode;
      case SOC_HOT, UNDER_VOLTAGE, THROTTLED -> "machine" + onNode;
    };
  }

  private static String named(String name, Subject subject) {
    return name.equals(subject.id()) ? subject.key() : name + " (" + subject.key() + ")";
  }

  private String what(AlertChange change) {
    Alert alert = change.alert();
    boolean resolved = change.type() == AlertChange.Type.RESOLVED;
    AlertRule rule = rules.get(alert.rule());
    RuleKind kind = RuleKind.fromWire(alert.kind()).orElse(RuleKind.NODE_OFFLINE);
    return switch (kind) {
      case THRESHOLD -> thresholdWords(rule, alert.value(), resolved);
      case SENSOR_FAILING -> resolved ? "ok again" : "failing";
      case SENSOR_OFFLINE -> resolved ? "online again" : "offline";
      case CAMERA_OFFLINE -> resolved ? "working again" : "offline";
      case NODE_OFFLINE -> resolved ? "heard again" : "offline (not heard)";
      case STORAGE_FAILING -> resolved ? "writing again" : "failing to write";
      case DISK_ALMOST_FULL -> alert.value() == null ? (resolved ? "disk space again" : "disk almost full")
          : String.format(Locale.ROOT, "%.1f", alert.value()) + "% disk free"
              + (resolved ? " again" : rule == null ? "" : ", below " + number(rule.freePercent()) + "%");
      case SOC_HOT -> alert.value() == null ? (resolved ? "SoC cool again" : "SoC hot")
          : "SoC at " + String.format(Locale.ROOT, "%.1f", alert.value()) + " C"
              + (resolved ? ", cool again" : rule == null || rule.above() == null ? "" : ", above " + number(rule.above()) + " C");
      case UNDER_VOLTAGE -> resolved ? "supply voltage normal again" : "under-voltage: the power supply is too weak";
      case THROTTLED -> resolved ? "no longer throttled" : "CPU throttled by the firmware (heat or voltage)";
    };
  }

  private static String thresholdWords(AlertRule rule, Double value, boolean resolved) {
    if (rule == null || value == null) {
      return resolved ? "back in range" : "out of range";
    }
    String unit = rule.quantity().unit;
    String measured = rule.quantity().wire + " " + String.format(Locale.ROOT, "%.1f", value) + " " + unit;
    if (resolved) {
      return measured + ", back in range";
    }
    if (rule.above() != null && value > rule.above()) {
      return measured + ", above " + number(rule.above()) + " " + unit;
    }
    if (rule.below() != null && value < rule.below()) {
      return measured + ", below " + number(rule.below()) + " " + unit;
    }
    // Between the line and the hysteresis: still firing, no longer past the line.
    return measured + ", near the line (" + (rule.above() != null ? "above " + number(rule.above()) : "below " + number(rule.below()))
        + " " + unit + ")";
  }

  static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "");
  }

  static String duration(long millis) {
    long seconds = Math.max(0, millis / 1000);
    if (seconds < 60) {
      return seconds + " s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + " min";
    }
    long hours = minutes / 60;
    if (hours < 48) {
      return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }
    return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
  }
}
