/* The live page's chart of the last 24 hours, every sensor, growing as readings arrive. */
import { combined, fromHistory } from './charts.js';
import { getJson } from './http.js';
import { sensorKey } from './sensor-names.js';

const DAY_MS = 24 * 3600 * 1000;

/** labelOf(node, sensor) names a sensor's series in the legend. */
export function createDayChart(container, labelOf) {
  /** node/sensor -> chart series of the last 24 hours */
  const daySeries = new Map();

  function draw() {
    const list = [...daySeries.values()].sort((a, b) => a.label.localeCompare(b.label));
    const now = Date.now();
    combined(container, list, { from: now - DAY_MS, to: now });
  }

  return {
    draw,

    async load() {
      const points = Math.min(1000, Math.max(200, Math.round(container.clientWidth)));
      const result = await getJson(`/api/readings?range=24h&points=${points}`);
      fromHistory(result, s => labelOf(s.node, s.sensor))
        .forEach(series => daySeries.set(sensorKey(series.node, series.sensor), series));
      draw();
    },

    append(reading) {
      const key = sensorKey(reading.node, reading.sensor);
      if (!daySeries.has(key)) {
        daySeries.set(key, {
          node: reading.node, sensor: reading.sensor, label: labelOf(reading.node, reading.sensor),
          ts: [], t: [], tMin: [], tMax: [], h: [], hMin: [], hMax: [],
        });
      }
      const series = daySeries.get(key);
      if (series.ts.length > 0 && series.ts[series.ts.length - 1] >= reading.ts) {
        return;
      }
      series.ts.push(reading.ts);
      [series.t, series.tMin, series.tMax].forEach(values => values.push(reading.temperatureC));
      [series.h, series.hMin, series.hMax].forEach(values => values.push(reading.humidityPct));
      const oldest = Date.now() - DAY_MS;
      while (series.ts.length > 0 && series.ts[0] < oldest) {
        ['ts', 't', 'tMin', 'tMax', 'h', 'hMin', 'hMax'].forEach(field => series[field].shift());
      }
      draw();
    },
  };
}
