/*
 * The live page's charts of the last 24 hours, every sensor, growing as readings arrive: temperature,
 * humidity and dew point in one, absolute humidity in a low one below. The history answer carries the
 * dew point and absolute humidity of each bucket; for readings from the bus they are worked out here.
 */
import { absoluteHumidity, combined, fromHistory } from './charts.js';
import { getJson } from './http.js';
import { absoluteHumidityGm3, dewPointC } from './humidity.js';
import { sensorKey } from './sensor-names.js';

const DAY_MS = 24 * 3600 * 1000;
const FIELDS = ['ts', 't', 'tMin', 'tMax', 'h', 'hMin', 'hMax', 'dp', 'ah'];

/** labelOf(node, sensor) names a sensor's series in the legends. */
export function createDayChart(container, absoluteContainer, labelOf) {
  /** node/sensor -> chart series of the last 24 hours */
  const daySeries = new Map();

  function draw() {
    const list = [...daySeries.values()].sort((a, b) => a.label.localeCompare(b.label));
    const now = Date.now();
    const range = { from: now - DAY_MS, to: now };
    combined(container, list, range);
    absoluteHumidity(absoluteContainer, list, range);
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
        const series = { node: reading.node, sensor: reading.sensor, label: labelOf(reading.node, reading.sensor) };
        FIELDS.forEach(field => { series[field] = []; });
        daySeries.set(key, series);
      }
      const series = daySeries.get(key);
      if (series.ts.length > 0 && series.ts[series.ts.length - 1] >= reading.ts) {
        return;
      }
      series.ts.push(reading.ts);
      [series.t, series.tMin, series.tMax].forEach(values => values.push(reading.temperatureC));
      [series.h, series.hMin, series.hMax].forEach(values => values.push(reading.humidityPct));
      series.dp.push(dewPointC(reading.temperatureC, reading.humidityPct));
      series.ah.push(absoluteHumidityGm3(reading.temperatureC, reading.humidityPct));
      const oldest = Date.now() - DAY_MS;
      while (series.ts.length > 0 && series.ts[0] < oldest) {
        FIELDS.forEach(field => series[field].shift());
      }
      draw();
    },
  };
}
