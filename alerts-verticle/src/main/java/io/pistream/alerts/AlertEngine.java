package io.pistream.alerts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decides when alerts fire, repeat and resolve. Each (rule, subject) has a tracker: a condition that
 * holds starts it pending, one that holds for the rule's {@code forSeconds} fires it, and only a clear
 * verdict (back inside by the hysteresis, ok again) resolves it; a value between the line and the
 * hysteresis keeps whatever state it had, so a value hovering at the line does not flap. Pure: the time
 * comes with each call.
 */
final class AlertEngine {

  private record Key(String rule, String subject) {
  }

  /** A pending condition (since &gt;= 0) or a firing alert, never both. */
  private static final class Tracker {
    long pendingSince = -1;
    Alert alert;
  }

  private final Map<String, AlertRule> rules = new LinkedHashMap<>();
  private final Map<Key, Tracker> trackers = new LinkedHashMap<>();
  private final Supplier<String> ids;

  AlertEngine(List<AlertRule> rules, Supplier<String> ids) {
    rules.forEach(rule -> this.rules.put(rule.name(), rule));
    this.ids = ids;
  }

  /**
   * Takes back the alerts that were firing when the state was saved: they stay firing without a second
   * "fired", and their repeat timing goes on from when they were last notified.
   *
   * @return the alerts whose rule no longer exists (or is of another kind now), for the caller to retire
   */
  List<Alert> restore(Collection<Alert> alerts) {
    List<Alert> orphans = new ArrayList<>();
    for (Alert alert : alerts) {
      AlertRule rule = rules.get(alert.rule());
      if (rule == null || !rule.kind().wire.equals(alert.kind())) {
        orphans.add(alert);
        continue;
      }
      trackers.computeIfAbsent(new Key(alert.rule(), alert.subject()), key -> new Tracker()).alert = alert;
    }
    return orphans;
  }

  /** Applies every rule to what is seen now; the changes in rule order. */
  List<AlertChange> evaluate(Observations seen, long now) {
    List<AlertChange> changes = new ArrayList<>();
    for (AlertRule rule : rules.values()) {
      for (Map.Entry<Subject, Verdict> entry : RuleEvaluator.verdicts(rule, seen, now).entrySet()) {
        Key key = new Key(rule.name(), entry.getKey().key());
        Tracker tracker = trackers.computeIfAbsent(key, k -> new Tracker());
        apply(rule, entry.getKey(), entry.getValue(), tracker, now, changes);
      }
      // Alerts whose subject is not seen now (restored ones, before anything about them arrived) can
      // still be due a repeat.
      for (Map.Entry<Key, Tracker> entry : trackers.entrySet()) {
        Tracker tracker = entry.getValue();
        if (entry.getKey().rule().equals(rule.name()) && tracker.alert != null && tracker.alert.firing()) {
          repeatIfDue(rule, tracker, now, changes);
        }
      }
    }
    Iterator<Tracker> it = trackers.values().iterator();
    while (it.hasNext()) {
      Tracker tracker = it.next();
      if (tracker.alert == null && tracker.pendingSince < 0) {
        it.remove();
      }
    }
    return changes;
  }

  List<Alert> active() {
    return trackers.values().stream().filter(t -> t.alert != null).map(t -> t.alert).toList();
  }

  private void apply(AlertRule rule, Subject subject, Verdict verdict, Tracker tracker, long now, List<AlertChange> changes) {
    if (tracker.alert == null) {
      if (verdict.state() != Verdict.State.BAD) {
        tracker.pendingSince = -1;
        return;
      }
      if (tracker.pendingSince < 0) {
        tracker.pendingSince = now;
      }
      if (now - tracker.pendingSince >= rule.forMillis()) {
        tracker.alert = new Alert(ids.get(), rule.name(), rule.kind().wire, subject.node(), subject.key(), tracker.pendingSince, now,
            verdict.value(), now, 0);
        tracker.pendingSince = -1;
        changes.add(new AlertChange(AlertChange.Type.FIRED, tracker.alert, now));
      }
      return;
    }
    if (verdict.state() == Verdict.State.GOOD) {
      Alert resolved = tracker.alert.resolvedAt(now, verdict.value());
      tracker.alert = null;
      changes.add(new AlertChange(AlertChange.Type.RESOLVED, resolved, now));
      return;
    }
    tracker.alert = tracker.alert.withValue(verdict.value());
  }

  private static void repeatIfDue(AlertRule rule, Tracker tracker, long now, List<AlertChange> changes) {
    if (rule.repeatMillis() > 0 && now - tracker.alert.lastNotifiedAt() >= rule.repeatMillis()) {
      tracker.alert = tracker.alert.notifiedAt(now);
      changes.add(new AlertChange(AlertChange.Type.REPEATED, tracker.alert, now));
    }
  }
}
