package io.pistream.web;

import io.pistream.contracts.SensorKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves {@code sensor} parameter values against the sensors known to the cluster: {@code node/sensor}
 * names one exactly; a bare sensor id is accepted while only one node has a sensor of that id.
 */
final class SensorSelector {

  static final String PARAMETER = "sensor";

  private SensorSelector() {
  }

  static List<SensorKey> resolve(List<String> names, Collection<SensorKey> known) throws BadParameterException {
    Set<SensorKey> selected = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      int slash = name.indexOf('/');
      if (slash >= 0) {
        String node = name.substring(0, slash);
        String sensor = name.substring(slash + 1);
        SensorKey match = known.stream()
            .filter(key -> key.node().equals(node) && key.sensor().equals(sensor))
            .findFirst()
            .orElse(null);
        if (match == null) {
          unknown.add(name);
        } else {
          selected.add(match);
        }
        continue;
      }
      List<SensorKey> matches = known.stream().filter(key -> key.sensor().equals(name)).toList();
      if (matches.isEmpty()) {
        unknown.add(name);
      } else if (matches.size() > 1) {
        Set<String> nodes = new TreeSet<>(matches.stream().map(SensorKey::node).toList());
        throw new BadParameterException(PARAMETER, "'" + name + "' is ambiguous: nodes " + String.join(", ", nodes)
            + " each have a sensor of that id; name it as node/" + name);
      } else {
        selected.add(matches.get(0));
      }
    }
    if (!unknown.isEmpty()) {
      throw new BadParameterException(PARAMETER, "unknown sensor " + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList()));
    }
    return List.copyOf(selected);
  }
}
