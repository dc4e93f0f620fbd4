package io.pistream.launcher;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.NodeHealth;
import io.pistream.contracts.NodeIdentity;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this machine's {@link NodeHealth} on {@link Addresses#NODE_HEALTH} at start and every
 * {@code node.healthEverySeconds}, read on a worker. Logs once when the supply drops under the Pi's
 * limit or the firmware starts throttling, and once when it stops: the usual cause of a DHT22 that
 * fails at random or an SD card that corrupts. Its config is {@code node} plus {@code dataDir} and
 * {@code sys} (the sysfs root).
 */
public class NodeHealthVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(NodeHealthVerticle.class);

  private long timer = -1;
  private MachineHealthReader reader;
  private String nodeId;
  private boolean reading;
  private Boolean lastUnderVoltage;
  private Boolean lastThrottled;

  @Override
  public Future<?> start() {
    long everyMs;
    try {
      ConfigReader node = new ConfigReader(config(), "").section(NodeIdentity.KEY);
      everyMs = node.integer("healthEverySeconds", 10, 1, 3600) * 1000;
      nodeId = NodeIdentity.of(config()).id();
      reader = new MachineHealthReader(Path.of(config().getString("sys", "/sys")), Path.of(config().getString("dataDir", "./data")));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    timer = vertx.setPeriodic(everyMs, id -> publish());
    return publish();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private Future<Void> publish() {
    if (reading) {
      // A sysfs read that hangs must not pile up workers.
      return Future.succeededFuture();
    }
    reading = true;
    return vertx.executeBlocking(() -> reader.read(nodeId, System.currentTimeMillis()), false)
        .onComplete(done -> reading = false)
        .onSuccess(health -> {
          noteChanges(health);
          vertx.eventBus().publish(Addresses.NODE_HEALTH, health.toJson());
        })
        .<Void>mapEmpty()
        .recover(e -> {
          log.warn("reading this machine's health failed: {}", e.toString());
          return Future.succeededFuture();
        });
  }

  private void noteChanges(NodeHealth health) {
    if (health.underVoltageNow() != null && !health.underVoltageNow().equals(lastUnderVoltage)) {
      if (health.underVoltageNow()) {
        log.warn("under-voltage: the power supply gives less than the Pi needs (firmware flag); sensors and the SD card may fail");
      } else if (lastUnderVoltage != null) {
        log.info("the supply voltage is back to normal");
      }
      lastUnderVoltage = health.underVoltageNow();
    }
    if (health.throttledNow() != null && !health.throttledNow().equals(lastThrottled)) {
      if (health.throttledNow()) {
        log.warn("the firmware throttles the CPU (heat or voltage){}", health.socTemperatureC() == null ? "" : "; SoC at "
            + health.socTemperatureC() + " C");
      } else if (lastThrottled != null) {
        log.info("the firmware no longer throttles the CPU");
      }
      lastThrottled = health.throttledNow();
    }
  }
}
