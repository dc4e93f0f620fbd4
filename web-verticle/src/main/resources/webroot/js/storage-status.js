/*
 * The storage nodes' health: a line above the sensors while any storage node cannot write (disk full,
 * database error) or has gone silent, so that nobody trusts a chart that has stopped growing; and while
 * its latest scheduled backup failed, so that nobody trusts a backup that is not there.
 */
import { getJson } from './http.js';
import { formatTime } from './time-format.js';

export function createStorageStatus(target) {
  const byNode = new Map();

  function draw() {
    const troubles = [...byNode.values()]
      .filter(status => status.state !== 'ok' || status.nodeOnline === false)
      .map(status => status.nodeOnline === false
        ? `Storage on ${status.node} is not heard from.`
        : `Storage on ${status.node} is failing since ${formatTime(status.since)}: ${status.detail}`
          + ` (${status.pendingReadings} readings held in memory until it can write).`);
    [...byNode.values()]
      .filter(status => status.backupProblem && status.nodeOnline !== false)
      .forEach(status => troubles.push(`The scheduled backup on ${status.node} failed: ${status.backupProblem}`));
    target.textContent = troubles.join(' ');
    target.hidden = troubles.length === 0;
  }

  return {
    load() {
      return getJson('/api/storage').then(body => {
        byNode.clear();
        (body.storage || []).forEach(status => byNode.set(status.node, status));
        draw();
      });
    },
    accept(status) {
      byNode.set(status.node, { ...status, nodeOnline: true });
      draw();
    },
  };
}
