package io.pistream.alerts.channels;

/**
 * A send that the service did not take. The message names the channel, the host and why, fit for a log
 * line; it never carries a secret (password, token, header value, URL path), so it has no cause attached
 * whose text could.
 */
public final class ChannelException extends RuntimeException {

  public ChannelException(String message) {
    super(message, null, false, false);
  }
}
