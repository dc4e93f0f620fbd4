/*
 * The nodes the server shows offline, from /api/nodes. A node that stops beating sends nothing more, so
 * no bus message says its sensors and cameras are offline now (or back): views reload their lists
 * when this set changes.
 */
import { getJson } from './http.js';

export function createOfflineNodeWatch(intervalMs) {
  const listeners = [];
  let offline = '';

  function check() {
    getJson('/api/nodes').then(body => {
      const now = (body.nodes || []).filter(node => !node.online).map(node => node.node).join(',');
      if (now !== offline) {
        offline = now;
        listeners.forEach(listener => listener());
      }
    }).catch(error => console.warn(error.message));
  }

  return {
    onChange(listener) {
      listeners.push(listener);
    },
    start() {
      setInterval(check, intervalMs);
    },
  };
}
