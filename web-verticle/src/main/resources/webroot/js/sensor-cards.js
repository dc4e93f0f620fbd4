/*
 * The live page's sensor cards, one per sensor, grouped by node: values, dew point and absolute
 * humidity (worked out here from the reading, see humidity.js), state and the age of the last reading,
 * updated in place as readings and statuses arrive.
 */
import { element } from './dom.js';
import { groupByNode } from './group-by-node.js';
import { getJson } from './http.js';
import { absoluteHumidityGm3, dewPointC, formatAbsoluteHumidity } from './humidity.js';
import { sensorKey } from './sensor-names.js';
import { formatAge, formatTime } from './time-format.js';
import { formatHumidity, formatTemperature, unit } from './units.js';

export function createSensorCards(container) {
  /** node/sensor -> {node, sensor, name, location, status, reading, card} */
  const sensors = new Map();

  function entryOf(node, sensor) {
    const key = sensorKey(node, sensor);
    if (!sensors.has(key)) {
      sensors.set(key, { node, sensor, name: sensor, location: '', status: null, reading: null, card: null });
    }
    return sensors.get(key);
  }

  function mergeList(list) {
    list.forEach(item => {
      const entry = entryOf(item.node, item.sensor);
      entry.name = item.name || item.sensor;
      entry.location = item.location || '';
      if (item.status) {
        entry.status = item.status;
      }
    });
  }

  function render() {
    if (sensors.size === 0) {
      container.replaceChildren(element('p', { class: 'empty', text: 'No sensor has reported yet.' }));
      return;
    }
    const groups = groupByNode(sensors.values());
    container.replaceChildren(...[...groups].map(([node, entries]) => element('section', { class: 'node', 'aria-label': `Node ${node}` },
      element('h3', { class: 'node-title', text: `Node ${node}` }),
      element('div', { class: 'cards' }, entries.sort((a, b) => a.sensor.localeCompare(b.sensor)).map(card)))));
    sensors.forEach(update);
  }

  function card(entry) {
    const id = `sensor-${entry.node}-${entry.sensor}`;
    const parts = {
      title: element('h3', { id }),
      location: element('p', { class: 'location' }),
      temperature: element('span', { class: 'value temperature' }),
      humidity: element('span', { class: 'value humidity' }),
      dewPoint: element('span', { class: 'dew-point' }),
      absoluteHumidity: element('span', { class: 'absolute-humidity' }),
      state: element('span', { class: 'state' }),
      age: element('span', { class: 'age' }),
      detail: element('p', { class: 'detail' }),
    };
    parts.root = element('article', { class: 'card sensor', 'data-key': sensorKey(entry.node, entry.sensor), 'aria-labelledby': id },
      parts.title, parts.location,
      element('div', { class: 'values' }, parts.temperature, parts.humidity),
      element('p', { class: 'derived' }, parts.dewPoint, parts.absoluteHumidity),
      element('div', { class: 'meta' }, parts.state, parts.age),
      parts.detail);
    entry.card = parts;
    return parts.root;
  }

  function update(entry) {
    const parts = entry.card;
    if (!parts) {
      return;
    }
    parts.title.textContent = entry.name;
    parts.location.textContent = entry.location;
    parts.location.hidden = !entry.location;
    const reading = entry.reading;
    parts.temperature.replaceChildren(formatTemperature(reading && reading.temperatureC),
      element('small', { text: `°${unit()}` }));
    parts.humidity.replaceChildren(formatHumidity(reading && reading.humidityPct), element('small', { text: '% RH' }));
    const dewPoint = reading ? dewPointC(reading.temperatureC, reading.humidityPct) : null;
    const water = reading ? absoluteHumidityGm3(reading.temperatureC, reading.humidityPct) : null;
    parts.dewPoint.textContent = `dew point ${formatTemperature(dewPoint)} °${unit()}`;
    parts.dewPoint.dataset.dewPointC = dewPoint == null ? '' : String(dewPoint);
    parts.absoluteHumidity.textContent = `${formatAbsoluteHumidity(water)} g/m³`;
    parts.absoluteHumidity.dataset.absoluteHumidityGm3 = water == null ? '' : String(water);
    const state = entry.status ? entry.status.state : 'unknown';
    parts.state.dataset.state = state;
    parts.state.textContent = state;
    parts.detail.textContent = entry.status && entry.status.detail ? entry.status.detail : '';
    parts.detail.hidden = !parts.detail.textContent;
    updateAge(entry);
  }

  function updateAge(entry) {
    if (!entry.card) {
      return;
    }
    const lastTs = Math.max(entry.reading ? entry.reading.ts : 0, entry.status ? entry.status.lastReadingTs || 0 : 0);
    entry.card.age.textContent = lastTs > 0 ? formatAge(Date.now() - lastTs) : 'no reading yet';
    entry.card.age.title = lastTs > 0 ? formatTime(lastTs) : '';
  }

  /** Reloads names, locations and statuses, e.g. when a node went offline or came back. */
  async function refresh() {
    mergeList((await getJson('/api/sensors')).sensors || []);
    sensors.forEach(update);
  }

  return {
    /** Every sensor shown, as {node, sensor, name, ...}. */
    sensors: () => sensors.values(),

    async load() {
      mergeList((await getJson('/api/sensors')).sensors || []);
      render();
    },

    refresh,

    acceptReading(reading) {
      const known = sensors.has(sensorKey(reading.node, reading.sensor));
      const entry = entryOf(reading.node, reading.sensor);
      if (entry.reading && entry.reading.ts >= reading.ts) {
        return;
      }
      entry.reading = reading;
      if (!known) {
        render();
        refresh().catch(error => console.warn(error.message));
      } else {
        update(entry);
      }
    },

    acceptStatus(status) {
      const known = sensors.has(sensorKey(status.node, status.sensor));
      const entry = entryOf(status.node, status.sensor);
      entry.status = status;
      entry.name = status.name || entry.name;
      entry.location = status.location || entry.location;
      if (known) {
        update(entry);
      } else {
        render();
      }
    },

    redraw: () => sensors.forEach(update),

    tickAges: () => sensors.forEach(updateAge),
  };
}
