package io.pistream.alerts.channels;

import io.pistream.contracts.AlertEvent;

/**
 * One notification as every channel sends it: the alert engine writes the words once, each channel
 * only wraps them in what its service expects (a mail, an ntfy or Discord body).
 *
 * @param id unique per notification (one alert fires, repeats and resolves under three ids), so a
 *     receiver can drop a duplicate of a resend
 * @param title a short line: the subject of a mail, the title of a push message
 * @param body what, where, the value, since when; "delayed" with the time it fired when sent late
 * @param link the dashboard's history page at that moment, empty when {@code alerts.dashboardUrl} is not set
 * @param event the alert as it stood when this notification was made
 * @param delayed true when it is sent well after it was made (the network or the mail server was away)
 */
public record AlertMessage(String id, String title, String body, String link, AlertEvent event, boolean delayed) {

  public boolean resolved() {
    return !event.firing();
  }
}
