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
 * Sensors are values: they change only through the registry, which then holds a new one.
 * Confined to the verticle's event loop.
 */
final class SensorRegistry {

  /** @param persisted whether the sensors table has its row */
  record Sensor(int id, SensorKey key, String name, String location, boolean persisted) {
  }

  private final Map<SensorKey, Sensor> byKey = new HashMap<>();
  private int nextId = 1;

  void load(int id, SensorKey key, String name, String location) {
    byKey.put(key, new Sensor(id, key, name, location, true));
    nextId = Math.max(nextId, id + 1);
  }

  Sensor obtain(SensorKey key) {
    return byKey.computeIfAbsent(key, k -> new Sensor(nextId++, k, "", "", false));
  }

  Optional<Sensor> find(SensorKey key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /** Gives the sensor, known or not, a name and location; returns it as it now is. */
  Sensor describe(SensorKey key, String name, String location) {
    Sensor sensor = obtain(key);
    Sensor described = new Sensor(sensor.id(), key, name, location, sensor.persisted());
    byKey.put(key, described);
    return described;
  }

  /** Notes that these sensors' rows are written, keeping whatever changed about them since. */
  void markPersisted(List<Sensor> sensors) {
    for (Sensor sensor : sensors) {
      byKey.computeIfPresent(sensor.key(), (key, current) ->
          current.persisted() ? current : new Sensor(current.id(), key, current.name(), current.location(), true));
    }
  }

  /** Every sensor, ordered by node then sensor id. */
  List<Sensor> all() {
    List<Sensor> sensors = new ArrayList<>(byKey.values());
    sensors.sort(Comparator.comparing((Sensor s) -> s.key().node()).thenComparing(s -> s.key().sensor()));
    return sensors;
  }

  List<Sensor> unpersisted() {
    return byKey.values().stream().filter(s -> !s.persisted()).toList();
  }
}
