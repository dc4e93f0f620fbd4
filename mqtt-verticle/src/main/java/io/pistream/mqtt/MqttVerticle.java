package io.pistream.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraFrame;
import io.pistream.contracts.CameraFrameCodec;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.ConfigException;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this node's readings, sensor states and cameras to an MQTT broker, with Home Assistant
 * discovery so that they appear there by themselves, one device per node (docs/HOME-ASSISTANT.md). The
 * launcher deploys it on nodes with the sensor or camera role when {@code mqtt.enabled} is true. Its
 * config is the {@code mqtt} section plus {@code node}.
 *
 * <p>The broker may be away: start completes without it, and the connection keeps trying. What the
 * broker should hold is kept here as the latest value per topic and published again on every connect.
 */
public class MqttVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(MqttVerticle.class);
  private static final long SNAPSHOT_TIMEOUT_MS = 10_000;

  private final Map<String, PublishedSensor> sensors = new LinkedHashMap<>();
  private final Map<String, PublishedCamera> cameras = new LinkedHashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private MqttSettings settings;
  private MqttTopics topics;
  private HomeAssistantDiscovery discovery;
  private BrokerConnection connection;
  private long imageTimer = -1;

  public MqttVerticle() {
  }

  @Override
  public Future<?> start() {
    try {
      settings = MqttSettings.from(config());
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    topics = new MqttTopics(settings.prefix(), settings.discoveryPrefix(), settings.node().id());
    CameraFrameCodec.registerOn(vertx.eventBus());
    MqttSettings read = settings;
    return vertx.executeBlocking(() -> new Files(BrokerFiles.read(read), SoftwareVersion.read()))
        .compose(files -> {
          discovery = new HomeAssistantDiscovery(topics, settings.node(), files.version());
          connection = new BrokerConnection(vertx, settings, files.broker(), topics, this::republishAll);
          consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.SENSOR_STATUS, msg -> decoded("sensor status", msg.body(),
              () -> sensorStatus(SensorStatus.fromJson(msg.body())))));
          consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.SENSOR_READINGS, msg -> decoded("reading", msg.body(),
              () -> reading(Reading.fromJson(msg.body())))));
          consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, msg -> decoded("camera status", msg.body(),
              () -> cameraStatus(CameraStatus.fromJson(msg.body())))));
          return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
        })
        .onSuccess(v -> {
          // Learn what exists now rather than waiting for the next heartbeats.
          vertx.eventBus().publish(Addresses.SENSOR_STATUS_REFRESH, new JsonObject());
          vertx.eventBus().publish(Addresses.CAMERA_STATUS_REFRESH, new JsonObject());
          if (settings.cameraImageEverySeconds() > 0) {
            imageTimer = vertx.setPeriodic(TimeUnit.SECONDS.toMillis(settings.cameraImageEverySeconds()), id -> snapshotAll());
          }
          connection.start();
          log.info("MQTT publishing node {} to {} under {}/{}, Home Assistant discovery under {}", settings.node().id(),
              settings.broker(), settings.prefix(), settings.node().id(), settings.discoveryPrefix());
        })
        .recover(failure -> releaseConsumers().transform(released -> Future.failedFuture(failure)));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(imageTimer);
    Future<Void> disconnected = connection == null ? Future.succeededFuture() : connection.stop();
    return disconnected.compose(v -> releaseConsumers());
  }

  private record Files(BrokerFiles broker, String version) {
  }

  private Future<Void> releaseConsumers() {
    List<Future<?>> unregistering = consumers.stream().<Future<?>>map(MessageConsumer::unregister).toList();
    consumers.clear();
    return Future.join(unregistering).mapEmpty();
  }

  private void decoded(String what, JsonObject body, Runnable handle) {
    try {
      handle.run();
    } catch (IllegalArgumentException e) {
      log.warn("MQTT: ignored a malformed {} on the bus: {}", what, e.getMessage());
    }
  }

  private boolean ours(String node) {
    return settings.node().id().equals(node);
  }

  private void sensorStatus(SensorStatus status) {
    if (!ours(status.node())) {
      return;
    }
    PublishedSensor sensor = sensors.get(status.sensor());
    boolean announce = sensor == null;
    if (sensor == null) {
      sensor = new PublishedSensor(status.sensor());
      sensors.put(sensor.id(), sensor);
    }
    announce |= sensor.rename(status.name());
    boolean changed = sensor.state(status.state().wire());
    if (announce) {
      announceSensor(sensor);
    }
    if (changed && sensor.hasReading()) {
      publishState(sensor);
    }
  }

  private void reading(Reading reading) {
    if (!ours(reading.node())) {
      return;
    }
    PublishedSensor sensor = sensors.get(reading.sensor());
    if (sensor == null) {
      sensor = new PublishedSensor(reading.sensor());
      sensors.put(sensor.id(), sensor);
      announceSensor(sensor);
    }
    sensor.reading(reading);
    publishState(sensor);
  }

  private void cameraStatus(CameraStatus status) {
    if (!ours(status.node())) {
      return;
    }
    PublishedCamera camera = cameras.get(status.camera());
    boolean isNew = camera == null;
    if (camera == null) {
      camera = new PublishedCamera(status.camera());
      cameras.put(camera.id(), camera);
    }
    boolean announce = camera.rename(status.name()) || isNew;
    if (camera.status(status)) {
      publishJson(topics.cameraStatus(camera.id()), camera.statusJson());
    }
    if (announce) {
      announceCamera(camera);
    }
    if (isNew) {
      snapshot(camera);
    }
  }

  /** On every connect: availability, then every discovery config and latest state the broker should hold. */
  private void republishAll() {
    connection.publish(topics.availability(), Buffer.buffer(MqttTopics.ONLINE), MqttQoS.AT_LEAST_ONCE);
    sensors.values().forEach(sensor -> {
      announceSensor(sensor);
      if (sensor.hasReading()) {
        publishState(sensor);
      }
    });
    cameras.values().forEach(camera -> {
      announceCamera(camera);
      if (camera.hasStatus()) {
        publishJson(topics.cameraStatus(camera.id()), camera.statusJson());
      }
    });
    snapshotAll();
  }

  private void announceSensor(PublishedSensor sensor) {
    publishJson(topics.sensorDiscovery(sensor.id(), HomeAssistantDiscovery.TEMPERATURE), discovery.temperature(sensor.id(), sensor.name()));
    publishJson(topics.sensorDiscovery(sensor.id(), HomeAssistantDiscovery.HUMIDITY), discovery.humidity(sensor.id(), sensor.name()));
  }

  private void announceCamera(PublishedCamera camera) {
    if (settings.cameraImageEverySeconds() > 0) {
      publishJson(topics.cameraDiscovery(camera.id()), discovery.camera(camera.id(), camera.name()));
    } else {
      // Without images an MQTT camera would stay empty: an empty retained config removes one announced earlier.
      connection.publish(topics.cameraDiscovery(camera.id()), Buffer.buffer(), MqttQoS.AT_LEAST_ONCE);
    }
  }

  private void publishState(PublishedSensor sensor) {
    publishJson(topics.sensorState(sensor.id()), sensor.stateJson());
  }

  private void publishJson(String topic, JsonObject payload) {
    connection.publish(topic, payload.toBuffer(), MqttQoS.AT_LEAST_ONCE);
  }

  private void snapshotAll() {
    cameras.values().forEach(this::snapshot);
  }

  /** Asks the camera for one JPEG for its image topic; only while connected, since nobody would see it otherwise. */
  private void snapshot(PublishedCamera camera) {
    if (settings.cameraImageEverySeconds() == 0 || !connection.connected() || !camera.startSnapshot()) {
      return;
    }
    String address = Addresses.cameraSnapshot(settings.node().id(), camera.id());
    vertx.eventBus().request(address, new JsonObject(), new DeliveryOptions().setSendTimeout(SNAPSHOT_TIMEOUT_MS))
        .onComplete(reply -> {
          if (reply.failed()) {
            if (camera.snapshotFailed()) {
              log.warn("MQTT: no snapshot of camera {} for its image topic: {}; trying again every {} s", camera.id(),
                  reply.cause().getMessage(), settings.cameraImageEverySeconds());
            }
            return;
          }
          if (camera.snapshotSucceeded()) {
            log.info("MQTT: snapshots of camera {} work again", camera.id());
          }
          Buffer jpeg = jpegOf(reply.result().body());
          if (jpeg != null) {
            // QoS 0: a lost picture is replaced by the next one, and none waits in the in-flight window.
            connection.publish(topics.cameraImage(camera.id()), jpeg, MqttQoS.AT_MOST_ONCE);
          }
        });
  }

  private static Buffer jpegOf(Object body) {
    if (body instanceof CameraFrame frame) {
      return frame.jpeg();
    }
    if (body instanceof Buffer buffer) {
      return buffer;
    }
    log.warn("MQTT: a snapshot answer of type {} is not a JPEG", body == null ? "null" : body.getClass().getName());
    return null;
  }
}
