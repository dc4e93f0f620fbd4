package io.pistream.storage;

import io.pistream.contracts.StorageState;
import io.pistream.contracts.StorageStatus;
import java.util.function.LongSupplier;

/**
 * What the storage status says: whether writes succeed, since when and why not, and the counters. The
 * writer and the verticle report to it; {@link #onChange} hears every change of state or reason.
 * Confined to the verticle's event loop.
 */
final class StorageHealth {

  private final String node;
  private final LongSupplier clock;
  private StorageState state = StorageState.OK;
  private String detail = "";
  private long since;
  private long lastWriteTs;
  private long written;
  private long refused;
  private long dropped;
  private Runnable onChange = () -> { };

  StorageHealth(String node, LongSupplier clock) {
    this.node = node;
    this.clock = clock;
    this.since = clock.getAsLong();
  }

  void onChange(Runnable listener) {
    this.onChange = listener;
  }

  void wrote(long readings) {
    written += readings;
    lastWriteTs = clock.getAsLong();
    change(StorageState.OK, "");
  }

  void failing(String reason) {
    change(StorageState.FAILING, reason);
  }

  void refused(long readings) {
    refused += readings;
  }

  void dropped(long readings) {
    dropped += readings;
  }

  StorageState state() {
    return state;
  }

  String detail() {
    return detail;
  }

  StorageStatus status(long pendingReadings, long databaseBytes) {
    return new StorageStatus(node, state, detail, since, lastWriteTs, pendingReadings, written, refused, dropped, databaseBytes);
  }

  private void change(StorageState newState, String newDetail) {
    // The reason counts as a change only by its kind: SQLite's messages can vary from one attempt to the next.
    if (newState == state && kind(newDetail).equals(kind(detail))) {
      return;
    }
    if (newState != state) {
      since = clock.getAsLong();
    }
    state = newState;
    detail = newDetail;
    onChange.run();
  }

  private static String kind(String detail) {
    int colon = detail.indexOf(':');
    return colon < 0 ? detail : detail.substring(0, colon);
  }
}
