/*
 * History view. The chosen range and sensors live in the page's query string, which is also the query
 * sent to /api/readings and /api/readings.csv: a view can be bookmarked, and back/forward walk through
 * the ranges shown (history.pushState + popstate).
 */
import { showAccount } from './account.js';
import { createAlertBanner } from './alert-banner.js';
import { absoluteHumidity, banded, combined, fromHistory, onSchemeChange } from './charts.js';
import { element, showNotice } from './dom.js';
import { groupByNode } from './group-by-node.js';
import { createHistoryPictures } from './history-pictures.js';
import { getJson } from './http.js';
import { sensorKey, sensorLabel } from './sensor-names.js';
import { formatDuration, formatTime, timeZone } from './time-format.js';
import { onUnitChange, setUpUnitButtons } from './units.js';

const DEFAULT_RANGE = '24h';
const PARAMETERS = ['range', 'from', 'to', 'sensor'];

let knownSensors = [];
let loadSequence = 0;
let shown = [];
let shownRange = null;
const pictures = createHistoryPictures({
  panel: document.getElementById('history-pictures'),
  charts: ['combined-chart', 'temperature-chart', 'humidity-chart', 'absolute-humidity-chart'].map(id => document.getElementById(id)),
  series: () => shown,
});

/** The view's query from the URL, keeping only what the API understands. */
function currentQuery() {
  const url = new URLSearchParams(window.location.search);
  const query = new URLSearchParams();
  PARAMETERS.forEach(name => url.getAll(name).forEach(value => query.append(name, value)));
  if (!query.has('range') && !(query.has('from') && query.has('to'))) {
    query.delete('from');
    query.delete('to');
    query.set('range', DEFAULT_RANGE);
  }
  return query;
}

function navigate(query) {
  const search = `?${query.toString()}`;
  if (search !== window.location.search) {
    window.history.pushState(null, '', search);
  }
  load();
}

function withRange(changes) {
  const query = currentQuery();
  ['range', 'from', 'to'].forEach(name => query.delete(name));
  Object.entries(changes).forEach(([name, value]) => query.set(name, value));
  return query;
}

/** datetime-local values are the viewer's local time; the URL carries instants. */
function toLocalInput(ts) {
  const date = new Date(ts);
  const pad = n => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function fromLocalInput(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** One button per named range the server takes (GET /api/ranges), in its order. */
function renderQuickRanges(ranges) {
  document.getElementById('quick-ranges').replaceChildren(...ranges.map(range => element('button', {
    type: 'button',
    'data-range': range.range,
    'aria-pressed': 'false',
    text: range.label,
    onclick: () => navigate(withRange({ range: range.range })),
  })));
}

function showSelectedRange(query) {
  const range = query.get('range');
  document.querySelectorAll('#quick-ranges button').forEach(button => {
    button.setAttribute('aria-pressed', String(button.dataset.range === range));
  });
}

function renderSensorPicker(query) {
  const container = document.getElementById('sensor-picker');
  if (knownSensors.length === 0) {
    container.replaceChildren(element('p', { class: 'empty', text: 'No sensor is known yet.' }));
    return;
  }
  const chosen = query.getAll('sensor');
  const groups = groupByNode(knownSensors);
  container.replaceChildren(...[...groups].map(([node, list]) => element('div', { class: 'node' },
    element('p', { class: 'node-title', text: `Node ${node}` }),
    element('div', { class: 'sensor-picker' }, list.map(info => {
      const value = sensorKey(info.node, info.sensor);
      const label = info.location ? `${info.name || info.sensor} · ${info.location}` : info.name || info.sensor;
      return element('label', {},
        element('input', { type: 'checkbox', value, checked: chosen.length === 0 || chosen.includes(value), onchange: chooseSensors }),
        label);
    })))));
}

function chooseSensors(event) {
  const boxes = [...document.querySelectorAll('#sensor-picker input[type="checkbox"]')];
  const checked = boxes.filter(box => box.checked).map(box => box.value);
  if (checked.length === 0) {
    event.target.checked = true;
    showNotice('At least one sensor stays selected.');
    return;
  }
  const query = currentQuery();
  query.delete('sensor');
  if (checked.length < boxes.length) {
    checked.forEach(value => query.append('sensor', value));
  }
  navigate(query);
}

function chartPoints() {
  const width = document.getElementById('combined-chart').clientWidth;
  return Math.min(2000, Math.max(200, Math.round(width)));
}

function draw() {
  combined(document.getElementById('combined-chart'), shown, shownRange);
  banded(document.getElementById('temperature-chart'), shown, 't', shownRange);
  banded(document.getElementById('humidity-chart'), shown, 'h', shownRange);
  absoluteHumidity(document.getElementById('absolute-humidity-chart'), shown, shownRange);
}

function describe(result) {
  const bucket = result.bucketMs > 0 ? `averaged over ${formatDuration(result.bucketMs)}` : 'every reading';
  return `${formatTime(result.from)} – ${formatTime(result.to)} (${timeZone()}), ${bucket}`;
}

async function load() {
  const sequence = ++loadSequence;
  const query = currentQuery();
  showSelectedRange(query);
  renderSensorPicker(query);
  const apiQuery = new URLSearchParams(query);
  apiQuery.set('points', String(chartPoints()));
  document.getElementById('csv').href = `/api/readings.csv?${apiQuery.toString()}`;
  document.getElementById('range-summary').textContent = 'Loading…';
  try {
    const result = await getJson(`/api/readings?${apiQuery.toString()}`);
    if (sequence !== loadSequence) {
      return;
    }
    showNotice('');
    document.getElementById('from').value = toLocalInput(result.from);
    document.getElementById('to').value = toLocalInput(result.to);
    document.getElementById('range-summary').textContent = describe(result);
    shown = fromHistory(result, s => sensorLabel(knownSensors, s.node, s.sensor));
    shownRange = { from: result.from, to: result.to };
    draw();
    pictures.show(shownRange);
  } catch (error) {
    if (sequence === loadSequence) {
      document.getElementById('range-summary').textContent = '';
      showNotice(error.message);
    }
  }
}

async function start() {
  setUpUnitButtons();
  showAccount();
  const alertBanner = createAlertBanner(document.getElementById('alerts'));
  alertBanner.load();
  alertBanner.poll();
  onUnitChange(draw);
  onSchemeChange(draw);
  window.addEventListener('popstate', load);
  document.getElementById('range-form').addEventListener('submit', event => {
    event.preventDefault();
    const from = fromLocalInput(document.getElementById('from').value);
    const to = fromLocalInput(document.getElementById('to').value);
    if (!from || !to || from >= to) {
      showNotice('Choose a start before the end.');
      return;
    }
    navigate(withRange({ from, to }));
  });
  const ranges = getJson('/api/ranges').then(body => renderQuickRanges(body.ranges || []));
  const sensors = getJson('/api/sensors').then(body => {
    knownSensors = body.sensors || [];
  });
  const problems = [];
  await ranges.catch(error => problems.push(`Quick ranges unavailable: ${error.message}`));
  await sensors.catch(error => problems.push(`Sensors unavailable: ${error.message}`));
  showNotice(problems.join(' · '));
  const initial = currentQuery();
  if (`?${initial.toString()}` !== window.location.search) {
    window.history.replaceState(null, '', `?${initial.toString()}`);
  }
  load();
}

start();
