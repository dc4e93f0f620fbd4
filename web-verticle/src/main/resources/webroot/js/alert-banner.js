/*
 * The alerts firing now, as a banner under the header of every page: loaded from /api/alerts, then kept
 * current from the alerts.events address (live page) or by asking again now and then (other pages).
 * A node without the alerts role answers 503: then there is no banner, and no error either.
 */
import { element } from './dom.js';
import { getJson } from './http.js';
import { formatTime } from './time-format.js';

const RELOAD_MS = 60_000;

/** The alert's history link, on whatever address this page was reached at. */
function sameOriginLink(link) {
  try {
    const url = new URL(link);
    return url.pathname + url.search;
  } catch {
    return null;
  }
}

export function createAlertBanner(target) {
  const firing = new Map();

  function line(alert) {
    const since = `since ${formatTime(alert.since)}`;
    const link = alert.link ? sameOriginLink(alert.link) : null;
    // The message begins with the rule's name, shown in bold instead.
    const prefix = `${alert.rule}: `;
    const what = alert.message.startsWith(prefix) ? alert.message.substring(prefix.length) : alert.message;
    return element('p', { class: 'alert', 'data-alert': alert.id },
      element('strong', { text: alert.rule }), `: ${what}, ${since}`,
      link ? [' · ', element('a', { href: link, text: 'history' })] : []);
  }

  function draw() {
    const shown = [...firing.values()].sort((a, b) => a.firedAt - b.firedAt);
    target.replaceChildren(...shown.map(line));
    target.hidden = shown.length === 0;
  }

  function load() {
    return getJson('/api/alerts').then(body => {
      firing.clear();
      (body.active || []).forEach(alert => firing.set(alert.id, alert));
      draw();
    }, error => console.warn(`alerts unavailable: ${error.message}`));
  }

  return {
    load,
    /** Asks again every minute, for pages that do not follow the bus. */
    poll() {
      setInterval(load, RELOAD_MS);
    },
    accept(alert) {
      if (alert.state === 'firing') {
        firing.set(alert.id, alert);
      } else {
        firing.delete(alert.id);
      }
      draw();
    },
  };
}
