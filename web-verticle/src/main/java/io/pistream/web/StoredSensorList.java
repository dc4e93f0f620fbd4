package io.pistream.web;

import io.pistream.contracts.SensorInfo;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Storage's sensor list as this web node last had it, so that resolving sensor names and labelling
 * answers does not ask storage on every request (that list query competed with the history query for
 * storage's reader connections). It is asked again when a status brings a sensor or labels not heard
 * before, when a caller finds it does not cover what a request names ({@link #refresh}), and whenever
 * {@code /api/sensors} asks anyway.
 */
final class StoredSensorList {

  private final Supplier<Future<List<SensorInfo>>> storage;
  private final LongSupplier statusChanges;
  private List<SensorInfo> held;
  private long heldAtChanges;
  private long asked;
  private long heldFromAsk;

  /**
   * @param storage asks storage for its list
   * @param statusChanges a count that moves whenever a status brings a new sensor or new labels
   */
  StoredSensorList(Supplier<Future<List<SensorInfo>>> storage, LongSupplier statusChanges) {
    this.storage = storage;
    this.statusChanges = statusChanges;
  }

  /** The held list while no status changed since it was asked for; otherwise a fresh one. */
  Future<List<SensorInfo>> current() {
    if (held != null && heldAtChanges == statusChanges.getAsLong()) {
      return Future.succeededFuture(held);
    }
    return refresh();
  }

  /** Asks storage now and holds its answer, unless a later ask was answered first. */
  Future<List<SensorInfo>> refresh() {
    long ask = ++asked;
    long changes = statusChanges.getAsLong();
    return storage.get().onSuccess(list -> {
      if (ask > heldFromAsk) {
        held = list;
        heldAtChanges = changes;
        heldFromAsk = ask;
      }
    });
  }
}
