// Follows a pistream node's live readings over the event-bus bridge (docs/EVENT-BUS.md).
//
//   npm ci --ignore-scripts
//   node live-readings.js [http://127.0.0.1:8080] [readings to wait for, default 3]
//
// Prints one line per event, "<kind> <json>", so that scripts (and pistream's own test) can read it:
//   nodes     the node list (web.nodes.list, a read-only query)
//   sensors   the sensors storage knows (storage.sensors.list)
//   reading   each live reading (sensor.readings, subscribed)
//   refused   the answer to a write the bridge does not allow (storage.readings.store)
// Exits 0 after the asked number of readings and the refusal, 1 after 60 s without them.
'use strict';

const EventBus = require('@vertx/eventbus-bridge-client.js');

const base = (process.argv[2] || 'http://127.0.0.1:8080').replace(/\/$/, '');
const wanted = Number(process.argv[3] || 3);

const eb = new EventBus(base + '/eventbus');
let readings = 0;
let refused = false;

const giveUp = setTimeout(() => {
  console.log('timeout ' + JSON.stringify({ readings, refused }));
  process.exit(1);
}, 60000);

function finishIfDone() {
  if (readings >= wanted && refused) {
    clearTimeout(giveUp);
    eb.close();
    process.exit(0);
  }
}

// Denials arrive without an address: the client hands them to onerror.
eb.onerror = (err) => {
  if (err && err.body === 'access_denied') {
    console.log('refused ' + JSON.stringify({ address: 'storage.readings.store', error: err.body }));
    refused = true;
    finishIfDone();
  } else {
    console.log('error ' + JSON.stringify(err));
  }
};

eb.onopen = () => {
  eb.registerHandler('sensor.readings', (err, message) => {
    if (err) {
      console.log('error ' + JSON.stringify(err));
      return;
    }
    readings++;
    console.log('reading ' + JSON.stringify(message.body));
    finishIfDone();
  });

  eb.send('web.nodes.list', {}, (err, reply) => {
    console.log(err ? 'error ' + JSON.stringify(err) : 'nodes ' + JSON.stringify(reply.body.nodes));
  });
  eb.send('storage.sensors.list', {}, (err, reply) => {
    console.log(err ? 'error ' + JSON.stringify(err) : 'sensors ' + JSON.stringify(reply.body.sensors));
  });

  // Not on the inbound allow-list: a bridge client can never write to storage.
  eb.send('storage.readings.store', { readings: [] }, () => {});
};
