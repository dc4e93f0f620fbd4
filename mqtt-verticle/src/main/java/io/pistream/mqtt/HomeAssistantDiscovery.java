package io.pistream.mqtt;

import io.pistream.contracts.NodeIdentity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Home Assistant's MQTT discovery configs (docs/HOME-ASSISTANT.md): per sensor one temperature and one
 * humidity entity reading the sensor's state topic, per camera one MQTT camera showing its image topic,
 * all of one node grouped as one device and unavailable while the node's availability says offline.
 */
final class HomeAssistantDiscovery {

  static final String TEMPERATURE = "temperature";
  static final String HUMIDITY = "humidity";

  private final MqttTopics topics;
  private final JsonObject device;
  private final JsonObject origin;

  HomeAssistantDiscovery(MqttTopics topics, NodeIdentity node, String version) {
    this.topics = topics;
    this.device = new JsonObject()
        .put("identifiers", new JsonArray().add("pistream-" + node.id()))
        .put("name", node.name())
        .put("manufacturer", "pistream")
        .put("model", "pistream node")
        .put("sw_version", version);
    this.origin = new JsonObject()
        .put("name", "pistream")
        .put("sw_version", version);
  }

  JsonObject temperature(String sensor, String sensorName) {
    return measurement(sensor, TEMPERATURE, sensorName + " Temperature", "°C");
  }

  JsonObject humidity(String sensor, String sensorName) {
    return measurement(sensor, HUMIDITY, sensorName + " Humidity", "%");
  }

  JsonObject camera(String camera, String cameraName) {
    return new JsonObject()
        .put("name", cameraName)
        .put("unique_id", topics.cameraUniqueId(camera))
        .put("topic", topics.cameraImage(camera))
        .put("availability_topic", topics.availability())
        .put("payload_available", MqttTopics.ONLINE)
        .put("payload_not_available", MqttTopics.OFFLINE)
        .put("device", device.copy())
        .put("origin", origin.copy());
  }

  private JsonObject measurement(String sensor, String quantity, String name, String unit) {
    return new JsonObject()
        .put("name", name)
        .put("unique_id", topics.sensorUniqueId(sensor, quantity))
        .put("state_topic", topics.sensorState(sensor))
        .put("value_template", "{{ value_json." + quantity + " }}")
        .put("device_class", quantity)
        .put("unit_of_measurement", unit)
        .put("state_class", "measurement")
        .put("suggested_display_precision", 1)
        .put("availability_topic", topics.availability())
        .put("payload_available", MqttTopics.ONLINE)
        .put("payload_not_available", MqttTopics.OFFLINE)
        .put("device", device.copy())
        .put("origin", origin.copy());
  }
}
