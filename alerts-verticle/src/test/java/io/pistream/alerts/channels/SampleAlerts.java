package io.pistream.alerts.channels;

import io.pistream.contracts.AlertEvent;

/** Notifications as the engine writes them, for the channel tests. */
final class SampleAlerts {

  static final long FIRED_AT = 1_750_000_000_000L;

  static AlertMessage firing() {
    AlertEvent event = new AlertEvent("al-7", "greenhouse-hot", "threshold", "pi-1", "pi-1/dht22", AlertEvent.FIRING,
        "temperature 31.5 °C above 30 °C", 31.5, FIRED_AT - 300_000, FIRED_AT, 0, "https://pi.example/history?s=pi-1/dht22");
    return new AlertMessage("n-7-1", "Greenhouse hot: 31.5 °C on pi-1/dht22",
        "temperature 31.5 °C above 30 °C on pi-1/dht22 since 14:02", "https://pi.example/history?s=pi-1/dht22", event, false);
  }

  static AlertMessage resolved() {
    AlertEvent event = new AlertEvent("al-7", "greenhouse-hot", "threshold", "pi-1", "pi-1/dht22", AlertEvent.RESOLVED,
        "temperature back to 28.0 °C", 28.0, FIRED_AT - 300_000, FIRED_AT, FIRED_AT + 600_000, "");
    return new AlertMessage("n-7-3", "Resolved: greenhouse hot on pi-1/dht22", "temperature back to 28.0 °C", "", event, false);
  }

  static AlertMessage withBody(String title, String body) {
    AlertMessage base = firing();
    return new AlertMessage(base.id(), title, body, base.link(), base.event(), true);
  }

  private SampleAlerts() {
  }
}
