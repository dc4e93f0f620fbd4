package io.pistream.launcher;

import io.pistream.contracts.ConfigSections;
import java.util.Locale;

/**
 * What a node can run, in the order they are deployed: storage before anyone publishes to it, then the
 * parts that publish, web and alerts last, once there is something to serve and watch.
 */
enum NodeRole {
  STORAGE(ConfigSections.STORAGE, "io.pistream.storage.StorageVerticle"),
  SENSOR(ConfigSections.SENSOR, "io.pistream.sensor.SensorVerticle"),
  CAMERA(ConfigSections.CAMERA, "io.pistream.camera.CameraVerticle"),
  WEB(ConfigSections.HTTP, "io.pistream.web.WebVerticle"),
  ALERTS(ConfigSections.ALERTS, "io.pistream.alerts.AlertsVerticle");

  /** The config section handed to the verticle ({@link ConfigSections}). */
  final String section;

  /** Deployed by name: the launcher packs the verticles but needs none of their classes. */
  final String verticleClass;

  NodeRole(String section, String verticleClass) {
    this.section = section;
    this.verticleClass = verticleClass;
  }

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
