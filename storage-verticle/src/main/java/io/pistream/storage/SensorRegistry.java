package io.pistream.storage;

import io.pistream.contracts.SensorKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every sensor storage knows, with its small integer id. Ids are handed out here (this verticle is the
 * database's only writer) and reach the sensors table with the first write that needs them.
 * Confined to the verticle's event loop.
 */
final class SensorRegistry {

  static final class Sensor {
    final int id;
    final SensorKey key;
    String name;
    String location;
    boolean persisted;

    Sensor(int id, SensorKey key, String name, String location, boolean persisted) {
      this.id = id;
      this.key = key;
      this.name = name;
      this.location = location;
      this.persisted = persisted;
    }
  }

  private final Map<SensorKey, Sensor> byKey = new HashMap<>();
  private int nextId = 1;

  void load(int id, SensorKey key, String name, String location) {
    byKey.put(key, new Sensor(id, key, name, location, true));
    nextId = Math.max(nextId, id + 1);
  }

  Sensor obtain(SensorKey key) {
    Sensor sensor = byKey.get(key);
    if (sensor == null) {
      sensor = new Sensor(nextId++, key, "", "", false);
      byKey.put(key, sensor);
    }
    return sensor;
  }

  Optional<Sensor> find(SensorKey key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /** Every sensor, ordered by node then sensor id. */
  List<Sensor> all() {
    List<Sensor> sensors = new ArrayList<>(byKey.values());
    sensors.sort(Comparator.comparing((Sensor s) -> s.key.node()).thenComparing(s -> s.key.sensor()));
    return sensors;
  }

  List<Sensor> unpersisted() {
    return byKey.values().stream().filter(s -> !s.persisted).toList();
  }
}
