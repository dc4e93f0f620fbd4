package io.pistream.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.NodeHealth;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.pistream.contracts.StorageState;
import io.pistream.contracts.StorageStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The meters whose numbers travel in the statuses this node's parts publish: the sensor counters and
 * state, the delivery buffer, storage's figures, the cameras' state and the machine's health. Made from
 * the latest status of each, this node's only (in a cluster every node hears every status; each node
 * reports its own parts). Counters are the statuses' counts since start, so they restart at 0 with the
 * process, as Prometheus counters may.
 */
final class StatusMeters {

  private final MeterRegistry registry;
  // Gauges hold their object weakly: the holders live here for as long as the node.
  private final Map<String, Latest<SensorStatus>> sensors = new HashMap<>();
  private final Map<String, Latest<CameraStatus>> cameras = new HashMap<>();
  private final Latest<SensorStatus> delivery = new Latest<>();
  private final Latest<StorageStatus> storage = new Latest<>();
  private final Latest<NodeHealth> health = new Latest<>();
  private final Set<String> healthGauges = new HashSet<>();
  private boolean deliveryRegistered;
  private boolean storageRegistered;

  /** Holds the latest status for the meters to read at scrape time. */
  static final class Latest<T> {
    volatile T value;
  }

  /** @param registry where to register; null registers nothing */
  StatusMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void sensor(SensorStatus status) {
    if (registry == null) {
      return;
    }
    Latest<SensorStatus> latest = sensors.computeIfAbsent(status.sensor(), id -> registerSensor(id));
    latest.value = status;
    delivery.value = status;
    if (!deliveryRegistered) {
      deliveryRegistered = true;
      gauge("pistream.delivery.waiting", Tags.empty(), delivery, s -> s.deliveryWaiting(), "readings",
          "this node's readings not yet acknowledged by storage, in memory and spooled");
      gauge("pistream.delivery.spooled", Tags.empty(), delivery, s -> s.deliverySpooled(), "readings",
          "of those, the readings in the spool on disk");
      counter("pistream.delivery.dropped", Tags.empty(), delivery, s -> s.deliveryDropped(),
          "readings dropped because the delivery buffer or the spool was full");
    }
  }

  private Latest<SensorStatus> registerSensor(String id) {
    Latest<SensorStatus> latest = new Latest<>();
    Tags tags = Tags.of("sensor", id);
    counter("pistream.readings.accepted", tags, latest, s -> s.readsOk(), "reads accepted");
    counter("pistream.readings.rejected", tags, latest, s -> s.readsRejected(), "reads rejected by validation (range, spike, clock)");
    counter("pistream.readings.failed", tags, latest, s -> s.readsFailed(), "reads that failed (I/O error, timeout)");
    counter("pistream.sensor.polls.skipped", tags, latest, s -> s.pollsSkipped(), "polls skipped while an abandoned read was still blocked");
    for (SensorState state : SensorState.values()) {
      gauge("pistream.sensor.state", tags.and("state", state.wire()), latest, s -> s.state() == state ? 1 : 0, null,
          "1 for the sensor's current state, 0 for the others");
    }
    return latest;
  }

  void camera(CameraStatus status) {
    if (registry == null) {
      return;
    }
    cameras.computeIfAbsent(status.camera(), id -> {
      Latest<CameraStatus> latest = new Latest<>();
      Tags tags = Tags.of("camera", id);
      for (CameraState state : CameraState.values()) {
        gauge("pistream.camera.state", tags.and("state", state.wire()), latest, s -> s.state() == state ? 1 : 0, null,
            "1 for the camera's current state, 0 for the others");
      }
      gauge("pistream.camera.fps", tags, latest, CameraStatus::measuredFps, null, "frames per second the capture delivers");
      return latest;
    }).value = status;
  }

  void storage(StorageStatus status) {
    if (registry == null) {
      return;
    }
    storage.value = status;
    if (storageRegistered) {
      return;
    }
    storageRegistered = true;
    gauge("pistream.storage.up", Tags.empty(), storage, s -> s.state() == StorageState.OK ? 1 : 0, null,
        "1 while storage writes, 0 while writes fail");
    gauge("pistream.storage.pending", Tags.empty(), storage, s -> s.pendingReadings(), "readings",
        "readings accepted and not yet committed");
    gauge("pistream.storage.database", Tags.empty(), storage, s -> s.databaseBytes(), "bytes", "database file plus write-ahead log");
    gauge("pistream.storage.disk.free", Tags.empty(), storage, s -> s.diskFreeBytes() < 0 ? Double.NaN : s.diskFreeBytes(), "bytes",
        "free space of the database's file system");
    gauge("pistream.storage.last.write", Tags.empty(), storage, s -> s.lastWriteTs() / 1000.0, "seconds",
        "when a write last committed, Unix time; 0 if none since start");
    counter("pistream.storage.readings.written", Tags.empty(), storage, s -> s.writtenReadings(), "readings committed");
    counter("pistream.storage.readings.refused", Tags.empty(), storage, s -> s.refusedReadings(),
        "readings refused because the backlog was full (their senders keep them)");
    counter("pistream.storage.readings.dropped", Tags.empty(), storage, s -> s.droppedReadings(),
        "readings dropped: malformed, or replicated ones that found the backlog full");
    gauge("pistream.storage.last.backup", Tags.empty(), storage, s -> s.lastBackupTs() / 1000.0, "seconds",
        "when the last scheduled backup was written, Unix time; 0 if none since start");
    counter("pistream.storage.backup.failures", Tags.empty(), storage, s -> s.backupFailures(), "scheduled backups that failed");
  }

  /** Each figure gets its gauge the first time this machine has it: a laptop has no throttling flags. */
  void health(NodeHealth status) {
    if (registry == null) {
      return;
    }
    health.value = status;
    if (status.socTemperatureC() != null) {
      healthGauge("pistream.soc.temperature", h -> h.socTemperatureC(), "celsius", "SoC temperature");
    }
    if (status.underVoltageNow() != null) {
      healthGauge("pistream.under.voltage", h -> h.underVoltageNow(), null, "1 while the supply is below 4.63 V");
    }
    if (status.underVoltageSinceBoot() != null) {
      healthGauge("pistream.under.voltage.since.boot", h -> h.underVoltageSinceBoot(), null, "1 if under-voltage happened since boot");
    }
    if (status.throttledNow() != null) {
      healthGauge("pistream.throttled", h -> h.throttledNow(), null, "1 while the firmware slows the CPU (heat or voltage)");
    }
    if (status.throttledSinceBoot() != null) {
      healthGauge("pistream.throttled.since.boot", h -> h.throttledSinceBoot(), null, "1 if throttling happened since boot");
    }
    if (status.frequencyCappedNow() != null) {
      healthGauge("pistream.frequency.capped", h -> h.frequencyCappedNow(), null, "1 while the ARM frequency is capped");
    }
    if (status.dataDirFreeBytes() >= 0) {
      healthGauge("pistream.data.dir.free", h -> h.dataDirFreeBytes() < 0 ? null : h.dataDirFreeBytes(), "bytes",
          "free space of the data dir's file system");
    }
    if (status.dataDirTotalBytes() >= 0) {
      healthGauge("pistream.data.dir.total", h -> h.dataDirTotalBytes() < 0 ? null : h.dataDirTotalBytes(), "bytes",
          "size of the data dir's file system");
    }
  }

  private void healthGauge(String name, java.util.function.Function<NodeHealth, Object> figure, String unit, String help) {
    if (healthGauges.add(name)) {
      gauge(name, Tags.empty(), health, h -> number(figure.apply(h)), unit, help);
    }
  }

  private static double number(Object figure) {
    if (figure instanceof Boolean flag) {
      return flag ? 1 : 0;
    }
    return figure instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private <T> void gauge(String name, Tags tags, Latest<T> latest, ToDoubleFunction<T> figure, String unit, String help) {
    Gauge.builder(name, latest, l -> {
          T value = l.value;
          return value == null ? Double.NaN : figure.applyAsDouble(value);
        })
        .tags(tags)
        .baseUnit(unit)
        .description(help)
        .register(registry);
  }

  private <T> void counter(String name, Tags tags, Latest<T> latest, ToDoubleFunction<T> figure, String help) {
    FunctionCounter.builder(name, latest, l -> {
          T value = l.value;
          return value == null ? 0 : figure.applyAsDouble(value);
        })
        .tags(tags)
        .description(help)
        .register(registry);
  }
}
