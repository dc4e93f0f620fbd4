package io.pistream.sensor;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * Switches a hung DHT22 off and on again through the GPIO that powers it: a DHT22 that stops answering
 * usually recovers only when its supply is cut. GPIO writes run on a worker of their own, not the one
 * that reads the sensor, which a hung read may block; the off time is a timer, so no thread sleeps.
 */
final class PowerCycler {

  private final Vertx vertx;
  private final WorkerExecutor worker;
  private final DigitalOutput output;
  private final SensorSettings.Power settings;

  private PowerCycler(Vertx vertx, WorkerExecutor worker, DigitalOutput output, SensorSettings.Power settings) {
    this.vertx = vertx;
    this.worker = worker;
    this.output = output;
    this.settings = settings;
  }

  /** Claims the power pin and switches the sensor on. */
  static Future<PowerCycler> create(Vertx vertx, WorkerExecutor worker, Context pi4j, String sensorId, SensorSettings.Power settings) {
    return worker.executeBlocking(() -> pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
            .id("pistream-sensor-" + sensorId + "-power")
            .name("power of sensor " + sensorId)
            .address(settings.pin())
            .initial(onState(settings))))
        .map(output -> new PowerCycler(vertx, worker, output, settings));
  }

  /** Power off, wait the configured time, power on; completes once the sensor is powered again. */
  Future<Void> cycle() {
    return switchTo(offState(settings))
        .compose(v -> vertx.timer(settings.offMs()))
        .compose(v -> switchTo(onState(settings)));
  }

  int pin() {
    return settings.pin();
  }

  private Future<Void> switchTo(DigitalState state) {
    return worker.executeBlocking(() -> {
      output.state(state);
      return null;
    });
  }

  private static DigitalState onState(SensorSettings.Power settings) {
    return settings.activeHigh() ? DigitalState.HIGH : DigitalState.LOW;
  }

  private static DigitalState offState(SensorSettings.Power settings) {
    return settings.activeHigh() ? DigitalState.LOW : DigitalState.HIGH;
  }
}
