package io.pistream.alerts;

/**
 * What one alert is about.
 *
 * @param node the node it lives on
 * @param id the sensor or camera id; null for a node or its storage
 */
record Subject(String node, String id) {

  /** {@code node/id}, or the node id: {@code AlertEvent.subject} and part of the alert's key. */
  String key() {
    return id == null ? node : node + "/" + id;
  }

  static Subject parse(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? new Subject(key, null) : new Subject(key.substring(0, slash), key.substring(slash + 1));
  }
}
