/* How both pages name a sensor. Sensor ids are unique per node only, so a sensor is node/sensor. */

export function sensorKey(node, sensor) {
  return `${node}/${sensor}`;
}

/**
 * The sensor's name for chart legends, looked up in sensors (items with node, sensor and name). When
 * they come from several nodes the node is added, since two nodes may name a sensor alike.
 */
export function sensorLabel(sensors, node, sensor) {
  const list = [...sensors];
  const info = list.find(s => s.node === node && s.sensor === sensor);
  const name = info && info.name ? info.name : sensor;
  const nodes = new Set(list.map(s => s.node));
  return nodes.size > 1 ? `${name} (${node})` : name;
}
