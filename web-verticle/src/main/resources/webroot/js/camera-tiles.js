/*
 * The live page's camera tiles, drawn from the camera store: name, state, profile, "3 of 5 watching",
 * a frame-rate choice kept per camera, and the MJPEG stream in an <img>. A full camera shows why
 * instead of a broken image; a hidden tab watches nothing.
 */
import { cameraKey } from './camera-store.js';
import { element } from './dom.js';
import { groupByNode } from './group-by-node.js';

const FPS_CHOICES = [1, 2, 5, 10, 15];

export function showCameraTiles(container, store) {
  /** node/camera -> {key, fps (this viewer's choice, null for full rate), wantedUrl, card parts} */
  const tiles = new Map();
  let rendered = false;

  function fpsStorageKey(tile) {
    return `pistream.fps.${tile.key}`;
  }

  function tileOf(camera) {
    const key = cameraKey(camera);
    if (!tiles.has(key)) {
      const tile = { key, fps: null, wantedUrl: null, card: null };
      const stored = Number(localStorage.getItem(fpsStorageKey(tile)));
      tile.fps = stored > 0 ? stored : null;
      tile.card = card(tile, camera);
      tiles.set(key, tile);
    }
    return tiles.get(key);
  }

  /** Tiles already shown keep their element, so their streams go on; new cameras get a tile and a stream. */
  function render() {
    rendered = true;
    const cameras = store.list();
    if (cameras.length === 0) {
      container.replaceChildren(element('p', { class: 'empty', text: 'No camera is configured.' }));
      return;
    }
    const fresh = cameras.filter(camera => !tiles.has(cameraKey(camera)));
    const list = cameras.map(camera => ({ node: camera.node, tile: tileOf(camera) }));
    container.replaceChildren(...[...groupByNode(list)].map(([node, entries]) => element('section', { class: 'node', 'aria-label': `Node ${node}` },
      element('h3', { class: 'node-title', text: `Node ${node}` }),
      element('div', { class: 'camera-grid' }, entries.map(entry => entry.tile.card.root)))));
    tiles.forEach(update);
    // A camera heard of only on the bus has no viewer counts yet: those need a reload of the list.
    fresh.forEach(camera => ('viewers' in camera ? showStream : startStream)(tiles.get(cameraKey(camera))));
  }

  function card(tile, camera) {
    const id = `camera-${camera.node}-${camera.camera}`;
    const parts = {
      title: element('h3', { id }),
      profile: element('span', { class: 'profile' }),
      state: element('span', { class: 'state' }),
      fps: element('select', { id: `${id}-fps`, onchange: event => chooseFps(tile, Number(event.target.value)) }),
      watching: element('span', { class: 'watching', 'aria-live': 'polite' }),
      image: element('img', { alt: `Live video of ${camera.name || camera.camera}`, hidden: true }),
      message: element('p', { class: 'camera-message', hidden: true }),
      retry: element('button', { type: 'button', hidden: true, text: 'Try again', onclick: () => startStream(tile) }),
    };
    parts.image.addEventListener('error', () => explainStreamFailure(tile));
    parts.root = element('article', { class: 'card camera', 'data-key': tile.key, 'aria-labelledby': id },
      parts.title,
      element('div', { class: 'camera-controls' },
        parts.profile, parts.state,
        element('label', { for: `${id}-fps` }, 'Frame rate ', parts.fps),
        parts.watching),
      element('div', { class: 'video' }, parts.image, element('div', { class: 'camera-overlay' }, parts.message, parts.retry)));
    return parts;
  }

  function update(tile) {
    const camera = store.get(tile.key);
    const parts = tile.card;
    parts.title.textContent = camera.name || camera.camera;
    parts.profile.textContent = camera.profile ? `Profile ${camera.profile} (${camera.width}×${camera.height}, ${camera.fps} fps)` : '';
    parts.state.dataset.state = camera.state === 'streaming' ? 'ok' : camera.state === 'failed' || camera.state === 'offline' ? 'offline' : 'starting';
    parts.state.textContent = camera.state || '';
    const choices = [...new Set([...FPS_CHOICES.filter(f => f < camera.fps), camera.fps])].filter(f => f > 0);
    const selected = tile.fps && tile.fps < camera.fps ? tile.fps : camera.fps;
    parts.fps.replaceChildren(...choices.map(f => element('option', {
      value: f, selected: f === selected, text: f === camera.fps ? `${f} fps (full)` : `${f} fps`,
    })));
    parts.watching.textContent = camera.cap != null ? `${camera.viewers || 0} of ${camera.cap} watching` : '';
  }

  function streamUrl(tile) {
    const camera = store.get(tile.key);
    const url = `/stream/${encodeURIComponent(camera.node)}/${encodeURIComponent(camera.camera)}.mjpg`;
    return tile.fps ? `${url}?fps=${tile.fps}` : url;
  }

  function chooseFps(tile, fps) {
    tile.fps = fps >= store.get(tile.key).fps ? null : fps;
    if (tile.fps) {
      localStorage.setItem(fpsStorageKey(tile), String(tile.fps));
    } else {
      localStorage.removeItem(fpsStorageKey(tile));
    }
    startStream(tile);
  }

  function showMessage(tile, text, canRetry) {
    const parts = tile.card;
    tile.wantedUrl = null;
    parts.image.removeAttribute('src');
    parts.image.hidden = true;
    parts.message.textContent = text;
    parts.message.hidden = false;
    parts.retry.hidden = !canRetry;
  }

  /** Starts the stream after reloading the list, so the viewer counts it goes by are current. */
  async function startStream(tile) {
    if (document.hidden) {
      return;
    }
    try {
      await store.refresh();
    } catch (error) {
      showMessage(tile, `Cannot reach the server: ${error.message}`, true);
      return;
    }
    showStream(tile);
  }

  /** Asks for the stream only when the camera has room, so a full camera shows why instead of a broken image. */
  function showStream(tile) {
    if (document.hidden) {
      return;
    }
    const camera = store.get(tile.key);
    if (camera.cap != null && (camera.viewers || 0) >= camera.cap) {
      showMessage(tile, `This camera is full: ${camera.viewers || 0} of ${camera.cap} watching. Try again later or ask for a lower profile.`, true);
      return;
    }
    const parts = tile.card;
    tile.wantedUrl = streamUrl(tile);
    parts.message.hidden = true;
    parts.retry.hidden = true;
    parts.image.hidden = false;
    parts.image.src = tile.wantedUrl;
  }

  function stopStream(tile) {
    if (tile.wantedUrl) {
      tile.wantedUrl = null;
      tile.card.image.removeAttribute('src');
    }
  }

  /** The image failed: ask the same URL once more to read the reason (503 when the camera filled up). */
  async function explainStreamFailure(tile) {
    const url = tile.wantedUrl;
    if (!url) {
      return;
    }
    const abort = new AbortController();
    try {
      const response = await fetch(url, { signal: abort.signal });
      if (response.ok) {
        abort.abort();
        showMessage(tile, 'The stream stopped.', true);
        return;
      }
      const body = await response.json().catch(() => ({}));
      const counts = body.cap != null ? ` (${body.watching} of ${body.cap} watching)` : '';
      showMessage(tile, `${body.detail || response.statusText}${counts}`, true);
    } catch (error) {
      showMessage(tile, `The stream stopped: ${error.message}`, true);
    }
  }

  store.subscribe(change => {
    if (change.added || !rendered) {
      render();
    } else {
      change.changed.forEach(key => tiles.has(key) && update(tiles.get(key)));
    }
  });
  document.addEventListener('visibilitychange', () => tiles.forEach(document.hidden ? stopStream : startStream));

  return {
    /** The list could not be loaded at all. */
    showUnavailable() {
      if (!rendered) {
        container.replaceChildren(element('p', { class: 'empty', text: 'No camera on this server.' }));
      }
    },
  };
}
