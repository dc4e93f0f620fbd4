package io.pistream.mqtt;

/**
 * Every topic this node publishes on. Node, sensor and camera ids are {@code [a-z0-9-]}, safe both in a
 * topic and in a Home Assistant discovery object id ({@code [a-zA-Z0-9_-]}).
 */
record MqttTopics(String prefix, String discoveryPrefix, String node) {

  static final String ONLINE = "online";
  static final String OFFLINE = "offline";

  /** {@value #ONLINE} or {@value #OFFLINE}, retained; the last will says offline. */
  String availability() {
    return prefix + "/" + node + "/availability";
  }

  /** A sensor's latest values and state, JSON, retained. */
  String sensorState(String sensor) {
    return prefix + "/" + node + "/" + sensor + "/state";
  }

  /** A camera's state, JSON, retained. */
  String cameraStatus(String camera) {
    return prefix + "/" + node + "/" + camera + "/status";
  }

  /** A camera's latest snapshot, the JPEG's bytes, retained: Home Assistant's MQTT camera shows it. */
  String cameraImage(String camera) {
    return prefix + "/" + node + "/" + camera + "/image";
  }

  /** The unique id of one quantity of one sensor (temperature, humidity), also its discovery object id. */
  String sensorUniqueId(String sensor, String quantity) {
    return "pistream-" + node + "-" + sensor + "-" + quantity;
  }

  String cameraUniqueId(String camera) {
    return "pistream-" + node + "-" + camera + "-camera";
  }

  String sensorDiscovery(String sensor, String quantity) {
    return discoveryPrefix + "/sensor/" + sensorUniqueId(sensor, quantity) + "/config";
  }

  String cameraDiscovery(String camera) {
    return discoveryPrefix + "/camera/" + cameraUniqueId(camera) + "/config";
  }
}
