/* The event-bus bridge. */
import { getJson } from './http.js';

/**
 * Opens the event-bus bridge and calls onOpen(bus, addresses) on every (re)connection, after which
 * handlers registered there receive live messages. The bridge tells its addresses in /bridge.json.
 * EventBus is a global: vertx-eventbus.js only works as a classic script, loaded by the page first.
 */
export async function connectBus(onOpen) {
  const status = document.getElementById('connection');
  const show = (state, text) => {
    if (status) {
      status.dataset.state = state;
      status.textContent = text;
    }
  };
  const addresses = await getJson('/bridge.json');
  const bus = new window.EventBus(addresses.path);
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
export function request(bus, address, body) {
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
