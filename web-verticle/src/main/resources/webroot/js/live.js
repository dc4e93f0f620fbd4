/*
 * Live view. On load it asks for the current state (sensors with their status, cameras with their
 * viewers, the last 24 hours) and then follows readings and status over the event-bus bridge: values
 * change as readings arrive, without polling or reloading.
 */
import { connectBus, request } from './bus.js';
import { combined, fromHistory, onSchemeChange } from './charts.js';
import { element, showNotice } from './dom.js';
import { groupByNode } from './group-by-node.js';
import { getJson } from './http.js';
import { sensorKey, sensorLabel } from './sensor-names.js';
import { formatAge, formatTime } from './time-format.js';
import { formatHumidity, formatTemperature, onUnitChange, setUpUnitButtons, unit } from './units.js';

const DAY_MS = 24 * 3600 * 1000;
const CAMERA_REFRESH_MS = 5000;
const NODE_WATCH_MS = 3000;
const FPS_CHOICES = [1, 2, 5, 10, 15];

/** node/sensor -> {node, sensor, name, location, status, reading, card} */
const sensors = new Map();
/** node/camera -> {info (from /api/cameras or camera.status), card parts, streaming state} */
const cameras = new Map();
/** node/sensor -> chart series of the last 24 hours */
const daySeries = new Map();
let cameraRefreshDue = 0;

// --- sensors -------------------------------------------------------------------------------------

function sensorEntry(node, sensor) {
  const key = sensorKey(node, sensor);
  if (!sensors.has(key)) {
    sensors.set(key, { node, sensor, name: sensor, location: '', status: null, reading: null, card: null });
  }
  return sensors.get(key);
}

function mergeSensorList(list) {
  list.forEach(item => {
    const entry = sensorEntry(item.node, item.sensor);
    entry.name = item.name || item.sensor;
    entry.location = item.location || '';
    if (item.status) {
      entry.status = item.status;
    }
  });
}

function renderSensors() {
  const container = document.getElementById('sensors');
  if (sensors.size === 0) {
    container.replaceChildren(element('p', { class: 'empty', text: 'No sensor has reported yet.' }));
    return;
  }
  const groups = groupByNode(sensors.values());
  container.replaceChildren(...[...groups].map(([node, entries]) => element('section', { class: 'node', 'aria-label': `Node ${node}` },
    element('h3', { class: 'node-title', text: `Node ${node}` }),
    element('div', { class: 'cards' }, entries.sort((a, b) => a.sensor.localeCompare(b.sensor)).map(sensorCard)))));
  sensors.forEach(updateSensorCard);
}

function sensorCard(entry) {
  const id = `sensor-${entry.node}-${entry.sensor}`;
  const parts = {
    title: element('h3', { id }),
    location: element('p', { class: 'location' }),
    temperature: element('span', { class: 'value temperature' }),
    humidity: element('span', { class: 'value humidity' }),
    state: element('span', { class: 'state' }),
    age: element('span', { class: 'age' }),
    detail: element('p', { class: 'detail' }),
  };
  parts.root = element('article', { class: 'card sensor', 'data-key': sensorKey(entry.node, entry.sensor), 'aria-labelledby': id },
    parts.title, parts.location,
    element('div', { class: 'values' }, parts.temperature, parts.humidity),
    element('div', { class: 'meta' }, parts.state, parts.age),
    parts.detail);
  entry.card = parts;
  return parts.root;
}

function updateSensorCard(entry) {
  const card = entry.card;
  if (!card) {
    return;
  }
  card.title.textContent = entry.name;
  card.location.textContent = entry.location;
  card.location.hidden = !entry.location;
  const reading = entry.reading;
  card.temperature.replaceChildren(formatTemperature(reading && reading.temperatureC),
    element('small', { text: `°${unit()}` }));
  card.humidity.replaceChildren(formatHumidity(reading && reading.humidityPct), element('small', { text: '% RH' }));
  const state = entry.status ? entry.status.state : 'unknown';
  card.state.dataset.state = state;
  card.state.textContent = state;
  card.detail.textContent = entry.status && entry.status.detail ? entry.status.detail : '';
  card.detail.hidden = !card.detail.textContent;
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

function acceptReading(reading) {
  const known = sensors.has(sensorKey(reading.node, reading.sensor));
  const entry = sensorEntry(reading.node, reading.sensor);
  if (entry.reading && entry.reading.ts >= reading.ts) {
    return;
  }
  entry.reading = reading;
  if (!known) {
    renderSensors();
    getJson('/api/sensors').then(body => {
      mergeSensorList(body.sensors || []);
      sensors.forEach(updateSensorCard);
    }).catch(error => console.warn(error.message));
  } else {
    updateSensorCard(entry);
  }
}

function acceptSensorStatus(status) {
  const known = sensors.has(sensorKey(status.node, status.sensor));
  const entry = sensorEntry(status.node, status.sensor);
  entry.status = status;
  entry.name = status.name || entry.name;
  entry.location = status.location || entry.location;
  if (known) {
    updateSensorCard(entry);
  } else {
    renderSensors();
  }
}

// --- last 24 hours chart -------------------------------------------------------------------------

function chartLabel(node, sensor) {
  return sensorLabel(sensors.values(), node, sensor);
}

async function loadDayChart() {
  const container = document.getElementById('day-chart');
  const points = Math.min(1000, Math.max(200, Math.round(container.clientWidth)));
  const result = await getJson(`/api/readings?range=24h&points=${points}`);
  fromHistory(result, s => chartLabel(s.node, s.sensor))
    .forEach(series => daySeries.set(sensorKey(series.node, series.sensor), series));
  drawDayChart();
}

function drawDayChart() {
  const list = [...daySeries.values()].sort((a, b) => a.label.localeCompare(b.label));
  const now = Date.now();
  combined(document.getElementById('day-chart'), list, { from: now - DAY_MS, to: now });
}

function appendToDayChart(reading) {
  const key = sensorKey(reading.node, reading.sensor);
  if (!daySeries.has(key)) {
    daySeries.set(key, {
      node: reading.node, sensor: reading.sensor, label: chartLabel(reading.node, reading.sensor),
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
  drawDayChart();
}

// --- cameras -------------------------------------------------------------------------------------

function cameraKey(info) {
  return `${info.node}/${info.camera}`;
}

function streamUrl(camera) {
  const url = `/stream/${encodeURIComponent(camera.info.node)}/${encodeURIComponent(camera.info.camera)}.mjpg`;
  return camera.fps ? `${url}?fps=${camera.fps}` : url;
}

function fpsStorageKey(camera) {
  return `pistream.fps.${cameraKey(camera.info)}`;
}

function mergeCameras(body) {
  (body.cameras || []).forEach(info => {
    const key = cameraKey(info);
    if (!cameras.has(key)) {
      cameras.set(key, { info, card: null, fps: null, wantedUrl: null });
      const camera = cameras.get(key);
      const stored = Number(localStorage.getItem(fpsStorageKey(camera)));
      camera.fps = stored > 0 ? stored : null;
    } else {
      cameras.get(key).info = { ...cameras.get(key).info, ...info };
    }
  });
}

function renderCameras() {
  const container = document.getElementById('cameras');
  if (cameras.size === 0) {
    container.replaceChildren(element('p', { class: 'empty', text: 'No camera is configured.' }));
    return;
  }
  const list = [...cameras.values()].map(camera => ({ node: camera.info.node, camera }));
  const groups = groupByNode(list);
  container.replaceChildren(...[...groups].map(([node, entries]) => element('section', { class: 'node', 'aria-label': `Node ${node}` },
    element('h3', { class: 'node-title', text: `Node ${node}` }),
    element('div', { class: 'camera-grid' }, entries.map(entry => cameraCard(entry.camera))))));
  cameras.forEach(camera => {
    updateCameraCard(camera);
    startStream(camera);
  });
}

function cameraCard(camera) {
  const id = `camera-${camera.info.node}-${camera.info.camera}`;
  const parts = {
    title: element('h3', { id }),
    profile: element('span', { class: 'profile' }),
    state: element('span', { class: 'state' }),
    fps: element('select', { id: `${id}-fps`, onchange: event => chooseFps(camera, Number(event.target.value)) }),
    watching: element('span', { class: 'watching', 'aria-live': 'polite' }),
    image: element('img', { alt: `Live video of ${camera.info.name || camera.info.camera}`, hidden: true }),
    message: element('p', { class: 'camera-message', hidden: true }),
    retry: element('button', { type: 'button', hidden: true, text: 'Try again', onclick: () => startStream(camera) }),
  };
  parts.image.addEventListener('error', () => explainStreamFailure(camera));
  parts.root = element('article', { class: 'card camera', 'data-key': cameraKey(camera.info), 'aria-labelledby': id },
    parts.title,
    element('div', { class: 'camera-controls' },
      parts.profile, parts.state,
      element('label', { for: `${id}-fps` }, 'Frame rate ', parts.fps),
      parts.watching),
    element('div', { class: 'video' }, parts.image, element('div', { class: 'camera-overlay' }, parts.message, parts.retry)));
  camera.card = parts;
  return parts.root;
}

function updateCameraCard(camera) {
  const { info, card } = camera;
  if (!card) {
    return;
  }
  card.title.textContent = info.name || info.camera;
  card.profile.textContent = info.profile ? `Profile ${info.profile} (${info.width}×${info.height}, ${info.fps} fps)` : '';
  card.state.dataset.state = info.state === 'streaming' ? 'ok' : info.state === 'failed' || info.state === 'offline' ? 'offline' : 'starting';
  card.state.textContent = info.state || '';
  const choices = [...new Set([...FPS_CHOICES.filter(f => f < info.fps), info.fps])].filter(f => f > 0);
  const selected = camera.fps && camera.fps < info.fps ? camera.fps : info.fps;
  card.fps.replaceChildren(...choices.map(f => element('option', {
    value: f, selected: f === selected, text: f === info.fps ? `${f} fps (full)` : `${f} fps`,
  })));
  card.watching.textContent = info.cap != null ? `${info.viewers || 0} of ${info.cap} watching` : '';
}

function chooseFps(camera, fps) {
  camera.fps = fps >= camera.info.fps ? null : fps;
  if (camera.fps) {
    localStorage.setItem(fpsStorageKey(camera), String(camera.fps));
  } else {
    localStorage.removeItem(fpsStorageKey(camera));
  }
  startStream(camera);
}

function showCameraMessage(camera, text, canRetry) {
  const card = camera.card;
  camera.wantedUrl = null;
  card.image.removeAttribute('src');
  card.image.hidden = true;
  card.message.textContent = text;
  card.message.hidden = false;
  card.retry.hidden = !canRetry;
}

/** Asks for the stream only when the camera has room, so a full camera shows why instead of a broken image. */
async function startStream(camera) {
  if (document.hidden) {
    return;
  }
  try {
    const body = await getJson('/api/cameras');
    mergeCameras(body);
    updateCameraCard(camera);
  } catch (error) {
    showCameraMessage(camera, `Cannot reach the server: ${error.message}`, true);
    return;
  }
  const { info, card } = camera;
  if (info.cap != null && (info.viewers || 0) >= info.cap) {
    showCameraMessage(camera, `This camera is full: ${info.viewers || 0} of ${info.cap} watching. Try again later or ask for a lower profile.`, true);
    return;
  }
  camera.wantedUrl = streamUrl(camera);
  card.message.hidden = true;
  card.retry.hidden = true;
  card.image.hidden = false;
  card.image.src = camera.wantedUrl;
}

function stopStream(camera) {
  if (camera.card && camera.wantedUrl) {
    camera.wantedUrl = null;
    camera.card.image.removeAttribute('src');
  }
}

/** The image failed: ask the same URL once more to read the reason (503 when the camera filled up). */
async function explainStreamFailure(camera) {
  const url = camera.wantedUrl;
  if (!url) {
    return;
  }
  const abort = new AbortController();
  try {
    const response = await fetch(url, { signal: abort.signal });
    if (response.ok) {
      abort.abort();
      showCameraMessage(camera, 'The stream stopped.', true);
      return;
    }
    const body = await response.json().catch(() => ({}));
    const counts = body.cap != null ? ` (${body.watching} of ${body.cap} watching)` : '';
    showCameraMessage(camera, `${body.detail || response.statusText}${counts}`, true);
  } catch (error) {
    showCameraMessage(camera, `The stream stopped: ${error.message}`, true);
  }
}

function acceptCameraStatus(status) {
  const camera = cameras.get(cameraKey(status));
  if (!camera) {
    mergeCameras({ cameras: [status] });
    renderCameras();
    return;
  }
  camera.info = { ...camera.info, ...status };
  updateCameraCard(camera);
  // Viewer counts live only in /api/cameras; statuses arrive every second while streaming.
  if (Date.now() >= cameraRefreshDue) {
    cameraRefreshDue = Date.now() + CAMERA_REFRESH_MS;
    getJson('/api/cameras').then(body => {
      mergeCameras(body);
      cameras.forEach(updateCameraCard);
    }).catch(error => console.warn(error.message));
  }
}

// --- wiring --------------------------------------------------------------------------------------

function followBus(bus, addresses) {
  bus.registerHandler(addresses.sensorReadings, (error, message) => {
    if (!error) {
      acceptReading(message.body);
      appendToDayChart(message.body);
    }
  });
  bus.registerHandler(addresses.sensorStatus, (error, message) => !error && acceptSensorStatus(message.body));
  bus.registerHandler(addresses.cameraStatus, (error, message) => !error && acceptCameraStatus(message.body));
  // Also after a reconnection: readings missed while disconnected.
  request(bus, addresses.latestReadings, { sensors: [] })
    .then(body => (body.readings || []).forEach(acceptReading))
    .catch(error => notice(`Latest readings unavailable: ${error.message}`));
}

// A node that stops beating is shown offline by the server; refetch the lists when that set changes.
let offlineNodes = '';
function watchNodes() {
  getJson('/api/nodes').then(body => {
    const offline = (body.nodes || []).filter(node => !node.online).map(node => node.node).join(',');
    if (offline === offlineNodes) {
      return;
    }
    offlineNodes = offline;
    getJson('/api/sensors').then(list => {
      mergeSensorList(list.sensors || []);
      sensors.forEach(updateSensorCard);
    }).catch(error => console.warn(error.message));
    getJson('/api/cameras').then(list => {
      mergeCameras(list);
      cameras.forEach(updateCameraCard);
    }).catch(error => console.warn(error.message));
  }).catch(error => console.warn(error.message));
}

async function start() {
  setUpUnitButtons();
  onUnitChange(() => {
    sensors.forEach(updateSensorCard);
    drawDayChart();
  });
  onSchemeChange(drawDayChart);
  setInterval(() => sensors.forEach(updateAge), 1000);
  setInterval(watchNodes, NODE_WATCH_MS);
  document.addEventListener('visibilitychange', () => cameras.forEach(document.hidden ? stopStream : startStream));

  const sensorList = getJson('/api/sensors').then(body => {
    mergeSensorList(body.sensors || []);
    renderSensors();
  });
  const cameraList = getJson('/api/cameras').then(body => {
    mergeCameras(body);
    renderCameras();
  });
  await sensorList.catch(error => notice(`Sensors unavailable: ${error.message}`));
  connectBus(followBus).catch(error => notice(`No live updates: ${error.message}`));
  await cameraList.catch(error => {
    document.getElementById('cameras').replaceChildren(element('p', { class: 'empty', text: 'No camera on this server.' }));
    console.warn(error.message);
  });
  await loadDayChart().catch(error => notice(`Chart unavailable: ${error.message}`));
}

const notices = [];

function notice(text) {
  notices.push(text);
  showNotice(notices.join(' · '));
}

start();
