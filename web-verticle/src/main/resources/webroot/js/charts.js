/*
 * uPlot charts of sensor series. A series is {label, ts: [epoch ms], t: [°C], tMin, tMax, h: [%], hMin,
 * hMax, dp: [dew point °C], ah: [absolute humidity g/m³]}. Times are drawn in the viewer's time zone
 * (uPlot's default); temperatures and dew points in the chosen unit, absolute humidity always in g/m³.
 */
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';
import { element } from './dom.js';
import { toUnit, unit } from './units.js';

const PALETTE = ['#d1495b', '#00798c', '#c98a00', '#4f8f5a', '#8d6cab', '#2e6fb7'];
const darkScheme = window.matchMedia('(prefers-color-scheme: dark)');

function cssColor(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function colorOf(index) {
  return PALETTE[index % PALETTE.length];
}

function withAlpha(hex, alpha) {
  const value = parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

function size(container) {
  const width = Math.max(280, container.clientWidth);
  if (container.classList.contains('compact')) {
    return { width, height: Math.round(Math.min(220, Math.max(150, width * 0.25))) };
  }
  return { width, height: Math.round(Math.min(380, Math.max(220, width * 0.42))) };
}

const oneDecimal = (u, v) => (v == null ? '–' : v.toFixed(1));
/** Short dashes for the dew point, long ones for humidity: both dashed, never confused. */
const DEW_POINT_DASH = [2, 3];
const HUMIDITY_DASH = [6, 4];

function axes(leftLabel, rightLabel) {
  const text = cssColor('--muted');
  const grid = { stroke: cssColor('--grid'), width: 1 };
  const list = [
    { stroke: text, grid, ticks: grid },
    { scale: 'left', label: leftLabel, stroke: text, grid, ticks: grid, size: 56 },
  ];
  if (rightLabel) {
    list.push({ scale: 'right', side: 1, label: rightLabel, stroke: text, grid: { show: false }, size: 56 });
  }
  return list;
}

function temperatures(values) {
  return values.map(v => (v == null ? null : toUnit(v)));
}

const seconds = ts => ts.map(t => t / 1000);

/**
 * Draws or updates the plot in container; rebuilt only when the set of series or the look changes.
 * The x axis spans the range asked for (epoch ms), not just the data, so a short history looks short.
 */
function draw(container, signature, buildOptions, tables, range) {
  if (tables.length === 0 || tables.every(table => table[0].length === 0)) {
    destroy(container);
    container.replaceChildren(element('p', { class: 'empty', text: 'No readings in this range.' }));
    return;
  }
  const data = tables.length === 1 ? tables[0] : uPlot.join(tables);
  const fullSignature = `${signature}|${unit()}|${darkScheme.matches}`;
  if (container.plot && container.signature === fullSignature) {
    container.plot.setData(data);
    showRange(container.plot, range);
    return;
  }
  destroy(container);
  container.replaceChildren();
  container.signature = fullSignature;
  container.plot = new uPlot({ ...size(container), ...buildOptions() }, data, container);
  showRange(container.plot, range);
  if (!container.resizeObserver) {
    container.resizeObserver = new ResizeObserver(() => container.plot && container.plot.setSize(size(container)));
    container.resizeObserver.observe(container);
  }
}

function showRange(plot, range) {
  if (range) {
    plot.setScale('x', { min: range.from / 1000, max: range.to / 1000 });
  }
}

function destroy(container) {
  if (container.plot) {
    container.plot.destroy();
    container.plot = null;
  }
}

/**
 * Average temperature and dew point (left axis; the dew point in short dashes) and humidity (right
 * axis, long dashes) of every series.
 */
export function combined(container, seriesList, range) {
  const temperatureUnit = `°${unit()}`;
  const build = () => ({
    scales: { x: { time: true }, left: {}, right: { range: [0, 100] } },
    axes: axes(temperatureUnit, '% RH'),
    series: [{}].concat(seriesList.flatMap((s, i) => [
      { label: `${s.label} ${temperatureUnit}`, scale: 'left', stroke: colorOf(i), width: 2, value: oneDecimal },
      { label: `${s.label} %`, scale: 'right', stroke: colorOf(i), width: 1.5, dash: HUMIDITY_DASH, value: oneDecimal },
      { label: `${s.label} dew point ${temperatureUnit}`, scale: 'left', stroke: withAlpha(colorOf(i), 0.8), width: 1.5, dash: DEW_POINT_DASH,
        value: oneDecimal },
    ])),
  });
  const tables = seriesList.map(s => [seconds(s.ts), temperatures(s.t), s.h, temperatures(s.dp)]);
  draw(container, `combined:${seriesList.map(s => s.label).join(',')}`, build, tables, range);
}

/** Absolute humidity (g/m³, whatever the temperature unit) of every series, in a low chart of its own. */
export function absoluteHumidity(container, seriesList, range) {
  const build = () => ({
    scales: { x: { time: true }, left: {} },
    axes: axes('g/m³'),
    series: [{}].concat(seriesList.map((s, i) => (
      { label: `${s.label} g/m³`, scale: 'left', stroke: colorOf(i), width: 1.5, value: oneDecimal }))),
  });
  const tables = seriesList.map(s => [seconds(s.ts), s.ah]);
  draw(container, `absolute-humidity:${seriesList.map(s => s.label).join(',')}`, build, tables, range);
}

/**
 * One quantity ('t' or 'h') with its average as a line and, where points are buckets of several
 * readings, a band from minimum to maximum.
 */
export function banded(container, seriesList, quantity, range) {
  const isTemperature = quantity === 't';
  const axisUnit = isTemperature ? `°${unit()}` : '% RH';
  const convert = isTemperature ? temperatures : values => values;
  const build = () => {
    const series = [{}];
    const bands = [];
    seriesList.forEach((s, i) => {
      const color = colorOf(i);
      const format = oneDecimal;
      series.push({ label: `${s.label} avg`, scale: 'left', stroke: color, width: 2, value: format });
      series.push({ label: `${s.label} min`, scale: 'left', stroke: withAlpha(color, 0.35), width: 1, value: format });
      series.push({ label: `${s.label} max`, scale: 'left', stroke: withAlpha(color, 0.35), width: 1, value: format });
      const avg = series.length - 3;
      bands.push({ series: [avg + 2, avg + 1], fill: withAlpha(color, 0.15) });
    });
    return {
      scales: { x: { time: true }, left: isTemperature ? {} : { range: [0, 100] } },
      axes: axes(axisUnit),
      series,
      bands,
    };
  };
  const tables = seriesList.map(s => [
    seconds(s.ts),
    convert(s[quantity]),
    convert(s[`${quantity}Min`]),
    convert(s[`${quantity}Max`]),
  ]);
  draw(container, `banded-${quantity}:${seriesList.map(s => s.label).join(',')}`, build, tables, range);
}

/** A history result's series in the shape the charts take, labelled with the sensors' names. */
export function fromHistory(result, nameOf) {
  return (result.series || []).map(s => ({
    node: s.node,
    sensor: s.sensor,
    label: nameOf(s),
    ts: s.points.map(p => p.ts),
    t: s.points.map(p => p.tAvg),
    tMin: s.points.map(p => p.tMin),
    tMax: s.points.map(p => p.tMax),
    h: s.points.map(p => p.hAvg),
    hMin: s.points.map(p => p.hMin),
    hMax: s.points.map(p => p.hMax),
    dp: s.points.map(p => p.dewPointC ?? null),
    ah: s.points.map(p => p.absoluteHumidityGm3 ?? null),
  }));
}

/** Redraw everything when the system switches between light and dark. */
export function onSchemeChange(listener) {
  darkScheme.addEventListener('change', listener);
}
