/*
 * The nodes the server shows offline, from /api/nodes. A node that stops beating sends nothing more, so
 * no bus message says its sensors and cameras are offline now (or back): views reload their lists
 * when this set changes. Whoever wants the whole answer (the machines' health) gets each one too.
 */
import { getJson } from './http.js';

export function createOfflineNodeWatch(intervalMs) {
  const listeners = [];
  const answerListeners = [];
  let offline = '';

  function check() {
    getJson('/api/nodes').then(body => {
      answerListeners.forEach(listener => listener(body));
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
    onAnswer(listener) {
      answerListeners.push(listener);
    },
    start() {
      check();
      setInterval(check, intervalMs);
    },
  };
}
