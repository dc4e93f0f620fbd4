package io.pistream.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraFrame;
import io.pistream.contracts.CameraFrameCodec;
import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.pistream.mqtt.MqttProbe.Received;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verticle against a real Mosquitto broker, anonymous: discovery, state, images, availability, the
 * last will, reconnects. The test plays the sensor and camera verticles on the bus and Home Assistant on
 * the broker ({@link MqttProbe}).
 */
@ExtendWith(VertxExtension.class)
class MqttVerticleTest {

  static final String NODE = "node-a";
  static final long PATIENCE_S = 30;
  static final Buffer JPEG = Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xD8, 'p', 'i', 'c', (byte) 0xFF, (byte) 0xD9});

  @TempDir
  java.nio.file.Path dir;

  MosquittoBroker broker;

  @BeforeEach
  void startBroker() {
    broker = MosquittoBroker.in(dir).start();
  }

  @AfterEach
  void stopBroker(Vertx vertx) {
    // The verticles first: stopped after the broker, they would log a lost connection.
    await(vertx.close());
    broker.close();
  }

  static JsonObject config(int port, JsonObject mqtt) {
    return new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", port).put("cameraImageEverySeconds", 1)
        .mergeIn(mqtt)
        .put("node", new JsonObject().put("id", NODE).put("name", "Greenhouse Pi"));
  }

  static String deploy(Vertx vertx, JsonObject config) {
    return await(vertx.deployVerticle(new MqttVerticle(), new DeploymentOptions().setConfig(config)));
  }

  static <T> T await(Future<T> future) {
    return future.timeout(PATIENCE_S, TimeUnit.SECONDS).await();
  }

  /** Plays the camera: answers snapshot requests with a tiny JPEG, as the camera verticle does (a CameraFrame). */
  static void fakeCamera(Vertx vertx, String camera) {
    CameraFrameCodec.registerOn(vertx.eventBus());
    await(vertx.eventBus().consumer(Addresses.cameraSnapshot(NODE, camera),
        msg -> msg.reply(new CameraFrame(JPEG, 1, System.currentTimeMillis(), 2, 2, 1, false))).completion());
  }

  static SensorStatus sensorStatus(String node, String sensor, String name, SensorState state) {
    return new SensorStatus(node, sensor, name, "bench", state, 1_700_000_000_000L, 0, "", 1, 0, 0);
  }

  static CameraStatus cameraStatus(String camera, String name, CameraState state) {
    return new CameraStatus(NODE, camera, name, state, "", "high", List.of("high", "low"), 1920, 1080, 24, 5, 0, 0,
        1_700_000_000_000L);
  }

  static JsonObject device() {
    return new JsonObject().put("identifiers", new JsonArray().add("pistream-node-a")).put("name", "Greenhouse Pi")
        .put("manufacturer", "pistream").put("model", "pistream node").put("sw_version", SoftwareVersion.read());
  }

  static JsonObject origin() {
    return new JsonObject().put("name", "pistream").put("sw_version", SoftwareVersion.read());
  }

  static JsonObject expectedSensorConfig(String quantity, String name, String unit) {
    return new JsonObject()
        .put("name", name)
        .put("unique_id", "pistream-node-a-s1-" + quantity)
        .put("state_topic", "pistream/node-a/s1/state")
        .put("value_template", "{{ value_json." + quantity + " }}")
        .put("device_class", quantity)
        .put("unit_of_measurement", unit)
        .put("state_class", "measurement")
        .put("suggested_display_precision", 1)
        .put("availability_topic", "pistream/node-a/availability")
        .put("payload_available", "online")
        .put("payload_not_available", "offline")
        .put("device", device())
        .put("origin", origin());
  }

  @Test
  void announcesSensorAndCameraAndPublishesTheirStateRetained(Vertx vertx) {
    fakeCamera(vertx, "cam0");
    MqttProbe probe = await(MqttProbe.connect(vertx, broker.port()));
    deploy(vertx, config(broker.port(), new JsonObject()));
    await(probe.next("pistream/node-a/availability", "online"));

    vertx.eventBus().publish(Addresses.SENSOR_STATUS, sensorStatus(NODE, "s1", "Greenhouse", SensorState.OK).toJson());
    // Another node's sensor: that node's own MQTT verticle publishes it, never this one.
    vertx.eventBus().publish(Addresses.SENSOR_READINGS, new Reading("node-b", "s9", 1_700_000_000_500L, 5, 5).toJson());
    vertx.eventBus().publish(Addresses.SENSOR_READINGS, new Reading(NODE, "s1", 1_700_000_001_000L, 21.5, 40.25).toJson());
    vertx.eventBus().publish(Addresses.CAMERA_STATUS, cameraStatus("cam0", "Door", CameraState.IDLE).toJson());

    Received temperature = await(probe.first("homeassistant/sensor/pistream-node-a-s1-temperature/config"));
    assertThat(temperature.json()).isEqualTo(expectedSensorConfig("temperature", "Greenhouse Temperature", "°C"));
    Received humidity = await(probe.first("homeassistant/sensor/pistream-node-a-s1-humidity/config"));
    assertThat(humidity.json()).isEqualTo(expectedSensorConfig("humidity", "Greenhouse Humidity", "%"));
    Received state = await(probe.first("pistream/node-a/s1/state"));
    assertThat(state.json()).isEqualTo(new JsonObject().put("temperature", 21.5).put("humidity", 40.25)
        .put("ts", 1_700_000_001_000L).put("state", "ok"));
    Received camera = await(probe.first("homeassistant/camera/pistream-node-a-cam0-camera/config"));
    assertThat(camera.json()).isEqualTo(new JsonObject()
        .put("name", "Door")
        .put("unique_id", "pistream-node-a-cam0-camera")
        .put("topic", "pistream/node-a/cam0/image")
        .put("availability_topic", "pistream/node-a/availability")
        .put("payload_available", "online")
        .put("payload_not_available", "offline")
        .put("device", device())
        .put("origin", origin()));
    Received image = await(probe.first("pistream/node-a/cam0/image"));
    assertThat(image.payload()).isEqualTo(JPEG);
    assertThat(probe.all()).noneMatch(m -> m.topic().contains("node-b"));

    // What Home Assistant finds when it (re)subscribes: all of it retained.
    MqttProbe late = await(MqttProbe.connect(vertx, broker.port()));
    for (String topic : List.of("pistream/node-a/availability", "homeassistant/sensor/pistream-node-a-s1-temperature/config",
        "homeassistant/sensor/pistream-node-a-s1-humidity/config", "pistream/node-a/s1/state",
        "homeassistant/camera/pistream-node-a-cam0-camera/config", "pistream/node-a/cam0/status", "pistream/node-a/cam0/image")) {
      Received retained = await(late.first(topic));
      assertThat(retained.retained()).as(topic + " retained").isTrue();
    }
    assertThat(await(late.first("pistream/node-a/cam0/status")).json()).isEqualTo(new JsonObject()
        .put("state", "idle").put("detail", "").put("profile", "high").put("since", 1_700_000_000_000L));
  }

  @Test
  void stateFollowsTheSensorsStateAndIsNotRepublishedOnHeartbeats(Vertx vertx) {
    MqttProbe probe = await(MqttProbe.connect(vertx, broker.port()));
    deploy(vertx, config(broker.port(), new JsonObject()));
    await(probe.next("pistream/node-a/availability", "online"));
    vertx.eventBus().publish(Addresses.SENSOR_READINGS, new Reading(NODE, "s1", 1_700_000_001_000L, 20, 50).toJson());
    assertThat(await(probe.next("pistream/node-a/s1/state")).json().getString("state")).isEqualTo("ok");
    // The heartbeat repeats the state: nothing new to publish. Then the sensor fails.
    vertx.eventBus().publish(Addresses.SENSOR_STATUS, sensorStatus(NODE, "s1", "", SensorState.OK).toJson());
    vertx.eventBus().publish(Addresses.SENSOR_STATUS, sensorStatus(NODE, "s1", "", SensorState.FAILING).toJson());
    Received failing = await(probe.next("pistream/node-a/s1/state"));
    assertThat(failing.json()).isEqualTo(new JsonObject().put("temperature", 20.0).put("humidity", 50.0)
        .put("ts", 1_700_000_001_000L).put("state", "failing"));
    assertThat(probe.all()).filteredOn(m -> m.topic().equals("pistream/node-a/s1/state")).hasSize(2);
  }

  @Test
  void asksSensorsAndCamerasForTheirStatusAtStart(Vertx vertx) {
    Promise<Void> sensorsAsked = Promise.promise();
    Promise<Void> camerasAsked = Promise.promise();
    await(vertx.eventBus().consumer(Addresses.SENSOR_STATUS_REFRESH, msg -> sensorsAsked.tryComplete()).completion());
    await(vertx.eventBus().consumer(Addresses.CAMERA_STATUS_REFRESH, msg -> camerasAsked.tryComplete()).completion());
    deploy(vertx, config(broker.port(), new JsonObject()));
    await(sensorsAsked.future());
    await(camerasAsked.future());
  }

  @Test
  void theLastWillSaysOfflineWhenTheConnectionDropsAndAReconnectAnnouncesAgain(Vertx vertx) {
    TcpProxy proxy = await(TcpProxy.start(vertx, broker.port()));
    MqttProbe probe = await(MqttProbe.connect(vertx, broker.port()));
    deploy(vertx, config(proxy.port(), new JsonObject()));
    await(probe.next("pistream/node-a/availability", "online"));
    vertx.eventBus().publish(Addresses.SENSOR_READINGS, new Reading(NODE, "s1", 1_700_000_001_000L, 20, 50).toJson());
    await(probe.next("pistream/node-a/s1/state"));

    proxy.cut();
    Received will = await(probe.next("pistream/node-a/availability", "offline"));
    assertThat(will.retained()).isFalse();
    // Published while disconnected: kept as the latest state, published after the reconnect.
    vertx.eventBus().publish(Addresses.SENSOR_READINGS, new Reading(NODE, "s1", 1_700_000_002_000L, 22, 55).toJson());
    await(probe.next("pistream/node-a/availability", "online"));
    await(probe.next("homeassistant/sensor/pistream-node-a-s1-temperature/config"));
    await(probe.next("the state of the reading made while disconnected",
        m -> m.topic().equals("pistream/node-a/s1/state") && m.json().getLong("ts") == 1_700_000_002_000L));
  }

  @Test
  void aSilentlyDeadNetworkIsNoticedByPingsAndTheConnectionRenewed(Vertx vertx) {
    TcpProxy proxy = await(TcpProxy.start(vertx, broker.port()));
    MqttProbe probe = await(MqttProbe.connect(vertx, broker.port()));
    deploy(vertx, config(proxy.port(), new JsonObject().put("keepAliveSeconds", 5)));
    await(probe.next("pistream/node-a/availability", "online"));

    proxy.freeze();
    // The broker misses the pings (1.5 keep-alive periods) and publishes the will; the verticle's client
    // (vertx-mqtt) misses the ping answers, closes the connection, and the verticle connects again.
    await(probe.next("pistream/node-a/availability", "offline"));
    await(probe.next("pistream/node-a/availability", "online"));
  }

  @Test
  void afterTheBrokerRestartsEverythingRetainedIsPublishedAgain(Vertx vertx) {
    MqttProbe probe = await(MqttProbe.connect(vertx, broker.port()));
    deploy(vertx, config(broker.port(), new JsonObject()));
    vertx.eventBus().publish(Addresses.SENSOR_READINGS, new Reading(NODE, "s1", 1_700_000_001_000L, 20, 50).toJson());
    await(probe.next("pistream/node-a/s1/state"));

    broker.restart();
    // The broker keeps nothing across the restart (persistence false): whatever this probe finds, the verticle sent again.
    MqttProbe after = await(Future.<Void>succeededFuture().compose(v -> MqttProbe.connect(vertx, broker.port())));
    await(after.next("pistream/node-a/availability", "online"));
    await(after.next("homeassistant/sensor/pistream-node-a-s1-temperature/config"));
    await(after.next("homeassistant/sensor/pistream-node-a-s1-humidity/config"));
    assertThat(await(after.next("pistream/node-a/s1/state")).json().getDouble("temperature")).isEqualTo(20.0);
  }

  @Test
  void stopPublishesOfflineRetained(Vertx vertx) {
    MqttProbe probe = await(MqttProbe.connect(vertx, broker.port()));
    String deployment = deploy(vertx, config(broker.port(), new JsonObject()));
    await(probe.next("pistream/node-a/availability", "online"));
    await(vertx.undeploy(deployment));
    await(probe.next("pistream/node-a/availability", "offline"));
    MqttProbe late = await(MqttProbe.connect(vertx, broker.port()));
    Received retained = await(late.next("pistream/node-a/availability"));
    assertThat(retained.text()).isEqualTo("offline");
    assertThat(retained.retained()).isTrue();
  }

  @Test
  void withoutCameraImagesTheMqttCameraIsRemoved(Vertx vertx) {
    MqttProbe probe = await(MqttProbe.connect(vertx, broker.port()));
    deploy(vertx, config(broker.port(), new JsonObject().put("cameraImageEverySeconds", 0)));
    await(probe.next("pistream/node-a/availability", "online"));
    vertx.eventBus().publish(Addresses.CAMERA_STATUS, cameraStatus("cam0", "Door", CameraState.IDLE).toJson());
    Received removal = await(probe.first("homeassistant/camera/pistream-node-a-cam0-camera/config"));
    assertThat(removal.payload().length()).isZero();
    await(probe.first("pistream/node-a/cam0/status"));
    assertThat(probe.all()).noneMatch(m -> m.topic().endsWith("/image"));
  }
}
