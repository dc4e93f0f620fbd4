/*
 * The history page's camera pictures. When a camera keeps history pictures (camera.cameras[].history),
 * pointing at a moment of a chart (hover, or a tap) shows the picture nearest it beside the sensors'
 * values at the picture's time; the timelapse plays the shown range's pictures in the page with the
 * time, temperature and humidity beside each, and downloads as an .mjpeg. The panel stays hidden while
 * no camera keeps pictures.
 */
import { element } from './dom.js';
import { getJson } from './http.js';
import { formatTime } from './time-format.js';
import { formatHumidity, formatTemperature, onUnitChange, unit } from './units.js';

/** Each picture of a timelapse shows at least this long. */
const TIMELAPSE_FRAME_MS = 400;
/** A range with more pictures plays an even selection of them; the download has its own bound. */
const TIMELAPSE_MAX_PICTURES = 600;
/** A reading further than this from the picture's time is not shown as its value. */
const VALUE_NEAR_MS = 60 * 60 * 1000;
const MAX_SERIES_SHOWN = 6;

const cameraKey = camera => `${camera.node}/${camera.camera}`;

function formatBytes(bytes) {
  if (bytes < 1024 * 1024) {
    return `${Math.round(bytes / 1024)} kB`;
  }
  if (bytes < 1024 * 1024 * 1024) {
    return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  }
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

/** Index of the sorted value nearest target, or -1 for an empty list. */
function nearestIndex(sorted, target) {
  if (sorted.length === 0) {
    return -1;
  }
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < target) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low > 0 && target - sorted[low - 1] <= sorted[low] - target ? low - 1 : low;
}

function evenly(list, max) {
  if (list.length <= max) {
    return list;
  }
  return Array.from({ length: max }, (_, i) => list[Math.round(i * (list.length - 1) / (max - 1))]);
}

const pause = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * panel: the element the pictures are drawn in; charts: the chart containers (each holds its uPlot as
 * .plot); series: the series the charts show now, as charts.js takes them.
 */
export function createHistoryPictures({ panel, charts, series }) {
  const select = element('select', { id: 'history-camera', onchange: () => choose(select.value) });
  const chooser = element('label', { class: 'camera-choice', hidden: true }, 'Camera ', select);
  const usage = element('p', { class: 'usage', id: 'history-pictures-usage' });
  const image = element('img', { id: 'history-picture', alt: '' });
  const picture = element('div', { class: 'picture' }, image);
  const empty = element('p', { class: 'empty', id: 'history-pictures-empty', hidden: true });
  const time = element('p', { class: 'picture-time', id: 'history-picture-time' });
  const values = element('ul', { class: 'picture-values', id: 'history-picture-values' });
  const hint = element('p', { class: 'usage', text: 'Point at a chart for the picture nearest that moment.' });
  const playButton = element('button', { type: 'button', id: 'timelapse', 'aria-pressed': 'false', text: 'Timelapse', onclick: toggle });
  const download = element('a', { class: 'button', id: 'timelapse-download', download: true, text: 'Download .mjpeg' });
  const progress = element('span', { class: 'progress', id: 'timelapse-progress', 'aria-live': 'polite' });
  panel.replaceChildren(
    element('div', { class: 'picture-head' }, element('h2', { text: 'Pictures' }), chooser, usage),
    element('div', { class: 'picture-body' }, picture, empty,
      element('div', { class: 'picture-info' }, time, values, hint,
        element('div', { class: 'controls' }, playButton, download, progress))));
  panel.dataset.state = 'idle';

  let cameras = [];
  let chosen = null;
  let range = null;
  let pictures = [];
  let pictureTimes = [];
  let shown = null;
  let playback = null;
  let loads = 0;

  function camera() {
    return cameras.find(c => cameraKey(c) === chosen);
  }

  function pictureUrl(ts) {
    const c = camera();
    return `/history-picture/${encodeURIComponent(c.node)}/${encodeURIComponent(c.camera)}.jpg?ts=${ts}`;
  }

  function describeValues(ts) {
    const list = series().slice(0, MAX_SERIES_SHOWN);
    values.replaceChildren(...list.map(s => {
      const i = nearestIndex(s.ts, ts);
      const near = i >= 0 && Math.abs(s.ts[i] - ts) <= VALUE_NEAR_MS;
      const temperature = near ? `${formatTemperature(s.t[i])} °${unit()}` : '–';
      const humidity = near ? `${formatHumidity(s.h[i])} % RH` : '–';
      return element('li', {}, element('span', { class: 'label', text: `${s.label}: ` }),
        element('span', { class: 'temperature', text: temperature }), ' · ',
        element('span', { class: 'humidity', text: humidity }));
    }));
  }

  function showPicture(kept) {
    if (!kept || (shown && shown.ts === kept.ts)) {
      return;
    }
    shown = kept;
    image.src = pictureUrl(kept.ts);
    image.dataset.ts = String(kept.ts);
    image.alt = `${camera().name || camera().camera} at ${formatTime(kept.ts)}`;
    time.textContent = formatTime(kept.ts);
    time.dataset.ts = String(kept.ts);
    describeValues(kept.ts);
  }

  function pointAt(event, container) {
    const plot = container.plot;
    if (playback || pictures.length === 0 || !plot) {
      return;
    }
    const area = plot.over.getBoundingClientRect();
    const x = event.clientX - area.left;
    if (x < 0 || x > area.width) {
      return;
    }
    showPicture(pictures[nearestIndex(pictureTimes, plot.posToVal(x, 'x') * 1000)]);
  }

  charts.forEach(container => {
    container.addEventListener('pointermove', event => pointAt(event, container));
    container.addEventListener('pointerdown', event => pointAt(event, container));
  });
  onUnitChange(() => shown && describeValues(shown.ts));

  function stop(state) {
    if (playback) {
      playback.stopped = true;
      playback = null;
    }
    playButton.textContent = 'Timelapse';
    playButton.setAttribute('aria-pressed', 'false');
    panel.dataset.state = state;
  }

  async function play() {
    const run = { stopped: false };
    playback = run;
    playButton.textContent = 'Stop';
    playButton.setAttribute('aria-pressed', 'true');
    panel.dataset.state = 'playing';
    const list = evenly(pictures, TIMELAPSE_MAX_PICTURES);
    for (let i = 0; i < list.length && !run.stopped; i++) {
      const started = Date.now();
      const next = new Image();
      next.src = pictureUrl(list[i].ts);
      // A picture that fails to load still takes its turn: the caption says which moment it was.
      await next.decode().catch(() => {});
      if (run.stopped) {
        return;
      }
      showPicture(list[i]);
      progress.textContent = `${i + 1} / ${list.length}`;
      await pause(Math.max(0, TIMELAPSE_FRAME_MS - (Date.now() - started)));
    }
    if (!run.stopped) {
      stop('ended');
    }
  }

  function toggle() {
    if (playback) {
      stop('idle');
    } else if (pictures.length > 0) {
      play();
    }
  }

  function renderChooser() {
    select.replaceChildren(...cameras.map(c => element('option', { value: cameraKey(c), selected: cameraKey(c) === chosen, text: c.name || c.camera })));
    chooser.hidden = cameras.length < 2;
  }

  function choose(key) {
    chosen = key;
    load();
  }

  async function load() {
    const sequence = ++loads;
    stop('idle');
    const c = camera();
    const query = new URLSearchParams({ from: String(range.from), to: String(range.to) });
    download.href = `/api/cameras/${encodeURIComponent(c.node)}/${encodeURIComponent(c.camera)}/timelapse.mjpeg?${query}`;
    try {
      const list = await getJson(`/api/cameras/${encodeURIComponent(c.node)}/${encodeURIComponent(c.camera)}/history?${query}`);
      if (sequence !== loads) {
        return;
      }
      pictures = list.snapshots || [];
      pictureTimes = pictures.map(p => p.ts);
      const status = list.status || {};
      usage.textContent = `one every ${status.everyMinutes} min · ${status.snapshots} kept, ${formatBytes(status.bytes || 0)}`
        + ` of ${formatBytes(status.maxBytes || 0)}`;
      empty.textContent = 'No pictures in this range.';
    } catch (error) {
      if (sequence !== loads) {
        return;
      }
      pictures = [];
      pictureTimes = [];
      usage.textContent = '';
      empty.textContent = `Pictures unavailable: ${error.message}`;
    }
    shown = null;
    progress.textContent = pictures.length > 0 ? `${pictures.length} pictures` : '';
    picture.hidden = pictures.length === 0;
    empty.hidden = pictures.length > 0;
    playButton.disabled = pictures.length === 0;
    download.hidden = pictures.length === 0;
    time.textContent = '';
    values.replaceChildren();
    showPicture(pictures[pictures.length - 1]);
  }

  return {
    /** The charts now show range ({from, to} in epoch ms): the pictures follow. */
    async show(shownRange) {
      range = shownRange;
      let list;
      try {
        list = await getJson('/api/cameras');
      } catch (error) {
        console.warn(error.message);
        return;
      }
      cameras = (list.cameras || []).filter(c => c.history && c.history.enabled);
      panel.hidden = cameras.length === 0;
      if (cameras.length === 0) {
        stop('idle');
        return;
      }
      if (!camera()) {
        const nodes = series().map(s => s.node);
        chosen = cameraKey(cameras.find(c => nodes.includes(c.node)) || cameras[0]);
      }
      renderChooser();
      load();
    },
  };
}
