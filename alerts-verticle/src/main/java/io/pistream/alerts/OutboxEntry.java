package io.pistream.alerts;

/**
 * One notification waiting for one channel.
 *
 * @param position order of arrival across the whole outbox: the oldest goes first when the bound is hit
 * @param attempts failed attempts so far
 * @param nextTryAt not before this, epoch ms
 */
record OutboxEntry(String channel, Notification notification, long position, int attempts, long nextTryAt) {

  OutboxEntry failed(long nextTry) {
    return new OutboxEntry(channel, notification, position, attempts + 1, nextTry);
  }
}
