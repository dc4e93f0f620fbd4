package io.pistream.alerts;

import io.pistream.contracts.AlertEvent;

/**
 * The words of one notification (an alert fired, repeated or resolved), written once for every channel.
 *
 * @param id unique per notification
 * @param createdAt when it was made, epoch ms: a send much later is marked delayed
 */
record Notification(String id, String title, String body, String link, AlertEvent event, long createdAt) {
}
