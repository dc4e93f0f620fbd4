/*
 * The live page's one copy of the camera list. It loads /api/cameras, applies the camera.status
 * messages of the bus, and reloads the list on one timer and whenever a node goes offline or comes
 * back: viewer counts and caps are only in /api/cameras. Views subscribe and draw what it holds.
 */
import { getJson } from './http.js';

export function cameraKey(camera) {
  return `${camera.node}/${camera.camera}`;
}

/** refreshMs: how often the list is reloaded while the page is visible; nodeWatch: an offline-node watch. */
export function createCameraStore({ refreshMs, nodeWatch }) {
  /** node/camera -> the camera as in /api/cameras, with what camera.status said since */
  const cameras = new Map();
  const listeners = [];
  let loading = null;

  function merge(list) {
    const added = list.some(camera => !cameras.has(cameraKey(camera)));
    list.forEach(camera => cameras.set(cameraKey(camera), { ...cameras.get(cameraKey(camera)), ...camera }));
    const change = { added, changed: list.map(cameraKey) };
    listeners.forEach(listener => listener(change));
  }

  /** Reloads the list; whoever asks while a load is under way shares it. */
  function refresh() {
    if (!loading) {
      loading = getJson('/api/cameras')
        .then(body => merge(body.cameras || []))
        .finally(() => {
          loading = null;
        });
    }
    return loading;
  }

  const refreshQuietly = () => refresh().catch(error => console.warn(error.message));

  return {
    list: () => [...cameras.values()],

    get: key => cameras.get(key),

    /** listener({added, changed}): added when a camera is new, changed lists the keys of those updated. */
    subscribe(listener) {
      listeners.push(listener);
    },

    refresh,

    followBus(bus, addresses) {
      bus.registerHandler(addresses.cameraStatus, (error, message) => !error && merge([message.body]));
    },

    start() {
      setInterval(() => !document.hidden && refreshQuietly(), refreshMs);
      nodeWatch.onChange(refreshQuietly);
    },
  };
}
