package io.pistream.launcher;

import io.pistream.contracts.ConfigSections;
import java.util.Locale;

/** What a node can run, in the order they are deployed: storage before anyone publishes to it, web last. */
enum NodeRole {
  STORAGE(ConfigSections.STORAGE, "io.pistream.storage.StorageVerticle"),
  SENSOR(ConfigSections.SENSOR, "io.pistream.sensor.SensorVerticle"),
  CAMERA(ConfigSections.CAMERA, "io.pistream.camera.CameraVerticle"),
  WEB(ConfigSections.HTTP, "io.pistream.web.WebVerticle");

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
