/* Shared by both views: HTTP and event-bus access, units, formatting, grouping by node. */
'use strict';

const Pistream = (() => {
  const UNIT_KEY = 'pistream.unit';
  const unitListeners = [];

  /** GET a JSON document; a failure carries the server's detail when it sent one. */
  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const detail = body && (body.detail || body.error) ? body.detail || body.error : response.statusText;
      const error = new Error(`${url}: ${response.status} ${detail}`);
      error.status = response.status;
      error.body = body;
      throw error;
    }
    return body;
  }

  function unit() {
    return localStorage.getItem(UNIT_KEY) === 'F' ? 'F' : 'C';
  }

  function toUnit(celsius) {
    return unit() === 'F' ? celsius * 9 / 5 + 32 : celsius;
  }

  function formatTemperature(celsius) {
    return celsius == null || Number.isNaN(celsius) ? '–' : toUnit(celsius).toFixed(1);
  }

  function formatHumidity(percent) {
    return percent == null || Number.isNaN(percent) ? '–' : percent.toFixed(1);
  }

  /** Wires the °C/°F buttons of the page header; listeners redraw what shows temperatures. */
  function setUpUnitButtons() {
    const buttons = document.querySelectorAll('button[data-unit]');
    const show = () => buttons.forEach(b => b.setAttribute('aria-pressed', String(b.dataset.unit === unit())));
    buttons.forEach(button => button.addEventListener('click', () => {
      localStorage.setItem(UNIT_KEY, button.dataset.unit);
      show();
      unitListeners.forEach(listener => listener(unit()));
    }));
    show();
  }

  function onUnitChange(listener) {
    unitListeners.push(listener);
  }

  function formatAge(ms) {
    if (ms == null) {
      return 'no reading yet';
    }
    const seconds = Math.max(0, Math.round(ms / 1000));
    if (seconds < 60) {
      return `${seconds} s ago`;
    }
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) {
      return `${minutes} min ago`;
    }
    const hours = Math.floor(minutes / 60);
    if (hours < 48) {
      return `${hours} h ago`;
    }
    return `${Math.floor(hours / 24)} days ago`;
  }

  function formatTime(ts) {
    return new Date(ts).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function timeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
  }

  function sensorKey(node, sensor) {
    return `${node}/${sensor}`;
  }

  /** Items grouped by their node id, nodes in name order: a cluster has several, never assume one. */
  function groupByNode(items) {
    const groups = new Map();
    [...items].sort((a, b) => a.node.localeCompare(b.node)).forEach(item => {
      if (!groups.has(item.node)) {
        groups.set(item.node, []);
      }
      groups.get(item.node).push(item);
    });
    return groups;
  }

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes).forEach(([name, value]) => {
      if (value == null || value === false) {
        return;
      }
      if (name === 'text') {
        node.textContent = value;
      } else if (name.startsWith('on')) {
        node.addEventListener(name.substring(2), value);
      } else {
        node.setAttribute(name, value === true ? '' : value);
      }
    });
    children.flat().forEach(child => node.append(child));
    return node;
  }

  function showNotice(text) {
    const notice = document.getElementById('notice');
    notice.textContent = text || '';
    notice.hidden = !text;
  }

  /**
   * Opens the event-bus bridge and calls onOpen(bus, addresses) on every (re)connection, after which
   * handlers registered there receive live messages. The bridge tells its addresses in /bridge.json.
   */
  async function connectBus(onOpen) {
    const status = document.getElementById('connection');
    const show = (state, text) => {
      if (status) {
        status.dataset.state = state;
        status.textContent = text;
      }
    };
    const addresses = await getJson('/bridge.json');
    const bus = new EventBus(addresses.path);
    bus.enableReconnect(true);
    bus.onopen = () => {
      show('open', 'live');
      onOpen(bus, addresses);
    };
    bus.onclose = () => show('closed', 'reconnecting…');
    bus.onerror = error => console.warn('event bus:', error);
    return bus;
  }

  /** Sends a request over the bridge and resolves with the reply's body. */
  function request(bus, address, body) {
    return new Promise((resolve, reject) => {
      bus.send(address, body, (error, reply) => {
        if (error) {
          reject(new Error(`${address}: ${error.message || error.failureType}`));
        } else {
          resolve(reply.body);
        }
      });
    });
  }

  return {
    getJson,
    unit,
    toUnit,
    formatTemperature,
    formatHumidity,
    setUpUnitButtons,
    onUnitChange,
    formatAge,
    formatTime,
    timeZone,
    sensorKey,
    groupByNode,
    element,
    showNotice,
    connectBus,
    request,
  };
})();
