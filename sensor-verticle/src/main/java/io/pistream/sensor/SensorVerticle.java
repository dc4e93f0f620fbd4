package io.pistream.sensor;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import io.pistream.contracts.Addresses;
import io.pistream.contracts.ConfigException;
import io.pistream.contracts.SensorStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls this node's temperature/humidity sensors, publishes each accepted reading on
 * {@link Addresses#SENSOR_READINGS} for live views, hands it to storage on {@link Addresses#STORAGE_STORE}
 * (buffered, and spooled to disk, while storage does not acknowledge, see {@link ReadingDelivery}), and publishes each sensor's {@link SensorStatus} on {@link Addresses#SENSOR_STATUS}
 * (on every state change, as a heartbeat, and when asked on {@link Addresses#SENSOR_STATUS_REFRESH}).
 * Its config is the {@code sensor} section plus {@code node}; see {@code docs/SENSORS.md}.
 */
public class SensorVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(SensorVerticle.class);

  private final Function<SensorSettings, SensorDriver> drivers;
  private final Supplier<Context> gpio;
  private final Supplier<Instant> buildTime;
  private final List<SensorPoller> pollers = new ArrayList<>();
  private final List<WorkerExecutor> workers = new ArrayList<>();
  private Context pi4j;
  private MessageConsumer<JsonObject> refreshConsumer;
  private long heartbeatTimer = -1;
  private ReadingDelivery delivery;

  public SensorVerticle() {
    this(SensorDrivers::create, Pi4J::newAutoContext, BuildTime::read);
  }

  /**
   * @param drivers builds each sensor's driver
   * @param gpio creates the Pi4J context; called only when a sensor has a power pin
   * @param buildTime the default of {@code sensor.notBefore}
   */
  SensorVerticle(Function<SensorSettings, SensorDriver> drivers, Supplier<Context> gpio, Supplier<Instant> buildTime) {
    this.drivers = drivers;
    this.gpio = gpio;
    this.buildTime = buildTime;
  }

  @Override
  public Future<?> start() {
    SensorVerticleSettings settings;
    try {
      settings = SensorVerticleSettings.from(config(), buildTime);
    } catch (ConfigException | IllegalStateException e) {
      return Future.failedFuture(e);
    }
    delivery = new ReadingDelivery(vertx, settings.nodeId(), settings.delivery());
    // Pi4J loads native GPIO code: only a node that switches sensor power touches it.
    Future<Context> gpioReady = settings.needsGpio() ? vertx.executeBlocking(gpio::get) : Future.succeededFuture();
    return delivery.start()
        .compose(v -> gpioReady)
        .compose(context -> {
          pi4j = context;
          return createPollers(settings);
        })
        .compose(v -> {
          refreshConsumer = vertx.eventBus().consumer(Addresses.SENSOR_STATUS_REFRESH, msg -> publishAllStatuses());
          return refreshConsumer.completion();
        })
        .onSuccess(v -> {
          heartbeatTimer = vertx.setPeriodic(settings.statusEveryMs(), id -> publishAllStatuses());
          pollers.forEach(SensorPoller::start);
          log.info("sensors started on node {}: {}, readings before {} are dropped", settings.nodeId(),
              settings.sensors().stream().map(SensorSettings::id).toList(), settings.notBefore());
        })
        .recover(failure -> releaseAll().transform(released -> Future.failedFuture(failure)));
  }

  @Override
  public Future<?> stop() {
    // Completes once the buffered readings are handed to storage or sensor.delivery.stopSeconds have
    // passed. Vert.x's own close undeploys everything at once, so on SIGTERM the launcher undeploys in
    // reverse order first: this verticle stops while a storage verticle of the same node still listens.
    return releaseAll();
  }

  private Future<Void> createPollers(SensorVerticleSettings settings) {
    Future<Void> chain = Future.succeededFuture();
    for (SensorSettings sensor : settings.sensors()) {
      // One thread per sensor: its reads stay in order, and a hung sensor holds up only itself. The
      // poller reports a hung read once, by its own timeout; Vert.x's blocked-thread checker would warn
      // with a stack trace every second for as long as the read stays blocked, so it never fires here.
      WorkerExecutor worker = vertx.createSharedWorkerExecutor("pistream-sensor-" + sensor.id() + "-" + deploymentID(), 1, Long.MAX_VALUE,
          TimeUnit.NANOSECONDS);
      workers.add(worker);
      Future<PowerCycler> power = Future.succeededFuture();
      if (sensor.power().configured()) {
        // Its own thread, so that a read blocked on the sensor's worker cannot hold up the power cycle meant to cure it.
        WorkerExecutor gpioWorker = vertx.createSharedWorkerExecutor("pistream-sensor-power-" + sensor.id() + "-" + deploymentID(), 1);
        workers.add(gpioWorker);
        power = PowerCycler.create(vertx, gpioWorker, pi4j, sensor.id(), sensor.power());
      }
      Future<PowerCycler> powered = power;
      chain = chain.compose(v -> powered).map(cycler -> {
        ReadingValidator validator = new ReadingValidator(settings.notBefore(), new SpikeFilter(sensor.spike()));
        pollers.add(new SensorPoller(vertx, settings.nodeId(), sensor, drivers.apply(sensor), worker, validator, cycler,
            settings.logSummaryMs(), this::publishStatus, delivery));
        return null;
      });
    }
    return chain;
  }

  private void publishAllStatuses() {
    pollers.forEach(poller -> publishStatus(poller.status()));
  }

  private void publishStatus(SensorStatus status) {
    vertx.eventBus().publish(Addresses.SENSOR_STATUS, status.toJson());
  }

  private Future<Void> releaseAll() {
    pollers.forEach(SensorPoller::stop);
    pollers.clear();
    vertx.cancelTimer(heartbeatTimer);
    List<Future<?>> closing = new ArrayList<>();
    if (delivery != null) {
      closing.add(delivery.stop());
    }
    if (refreshConsumer != null) {
      closing.add(refreshConsumer.unregister());
    }
    workers.forEach(worker -> closing.add(worker.close()));
    workers.clear();
    Context context = pi4j;
    pi4j = null;
    if (context != null) {
      closing.add(vertx.executeBlocking(() -> context.shutdown()));
    }
    return Future.join(closing).mapEmpty();
  }
}
