/*
 * Live view. On load it asks for the current state (sensors with their status, cameras with their
 * viewers, the last 24 hours) and then follows readings and status over the event-bus bridge: values
 * change as readings arrive, without reloading.
 */
import { showAccount } from './account.js';
import { createAlertBanner } from './alert-banner.js';
import { connectBus, request } from './bus.js';
import { createCameraStore } from './camera-store.js';
import { showCameraTiles } from './camera-tiles.js';
import { onSchemeChange } from './charts.js';
import { createDayChart } from './day-chart.js';
import { createMachineHealth } from './machine-health.js';
import { showNotice } from './dom.js';
import { createOfflineNodeWatch } from './offline-nodes.js';
import { createSensorCards } from './sensor-cards.js';
import { sensorLabel } from './sensor-names.js';
import { createStorageStatus } from './storage-status.js';
import { onUnitChange, setUpUnitButtons } from './units.js';

const CAMERA_REFRESH_MS = 5000;
const NODE_WATCH_MS = 3000;

const notices = [];

function notice(text) {
  notices.push(text);
  showNotice(notices.join(' · '));
}

const sensorCards = createSensorCards(document.getElementById('sensors'));
const dayChart = createDayChart(document.getElementById('day-chart'), document.getElementById('day-absolute-humidity-chart'),
  (node, sensor) => sensorLabel(sensorCards.sensors(), node, sensor));
const nodeWatch = createOfflineNodeWatch(NODE_WATCH_MS);
const cameras = createCameraStore({ refreshMs: CAMERA_REFRESH_MS, nodeWatch });
const cameraTiles = showCameraTiles(document.getElementById('cameras'), cameras);
const storageStatus = createStorageStatus(document.getElementById('storage-status'));
const alertBanner = createAlertBanner(document.getElementById('alerts'));
const machineHealth = createMachineHealth(document.getElementById('machine-warnings'), document.getElementById('machines'));

function followBus(bus, addresses) {
  bus.registerHandler(addresses.sensorReadings, (error, message) => {
    if (!error) {
      sensorCards.acceptReading(message.body);
      dayChart.append(message.body);
    }
  });
  bus.registerHandler(addresses.sensorStatus, (error, message) => !error && sensorCards.acceptStatus(message.body));
  bus.registerHandler(addresses.storageStatus, (error, message) => !error && storageStatus.accept(message.body));
  bus.registerHandler(addresses.alerts, (error, message) => !error && alertBanner.accept(message.body));
  // Also after a reconnection: alerts that fired or cleared while disconnected.
  alertBanner.load();
  cameras.followBus(bus, addresses);
  // Also after a reconnection: readings missed while disconnected.
  request(bus, addresses.latestReadings, { sensors: [] })
    .then(body => (body.readings || []).forEach(sensorCards.acceptReading))
    .catch(error => notice(`Latest readings unavailable: ${error.message}`));
}

async function start() {
  setUpUnitButtons();
  showAccount();
  onUnitChange(() => {
    sensorCards.redraw();
    dayChart.draw();
  });
  onSchemeChange(dayChart.draw);
  setInterval(sensorCards.tickAges, 1000);
  nodeWatch.onChange(() => {
    sensorCards.refresh().catch(error => console.warn(error.message));
    storageStatus.load().catch(error => console.warn(error.message));
  });
  nodeWatch.onAnswer(machineHealth.accept);
  nodeWatch.start();
  cameras.start();

  storageStatus.load().catch(error => console.warn(error.message));
  alertBanner.load();
  const sensorList = sensorCards.load();
  const cameraList = cameras.refresh();
  await sensorList.catch(error => notice(`Sensors unavailable: ${error.message}`));
  connectBus(followBus).catch(error => notice(`No live updates: ${error.message}`));
  await cameraList.catch(error => {
    cameraTiles.showUnavailable();
    console.warn(error.message);
  });
  await dayChart.load().catch(error => notice(`Chart unavailable: ${error.message}`));
}

start();
