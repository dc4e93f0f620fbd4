package io.pistream.launcher;

import java.util.Locale;

/** What a node can run, in the order they are deployed: storage before anyone publishes to it, web last. */
enum NodeRole {
  STORAGE("storage", "io.pistream.storage.StorageVerticle"),
  SENSOR("sensor", "io.pistream.sensor.SensorVerticle"),
  CAMERA("camera", "io.pistream.camera.CameraVerticle"),
  WEB("http", "io.pistream.web.WebVerticle");

  /** The config section handed to the verticle. */
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
