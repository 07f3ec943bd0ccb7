import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
const w = new Worker(new URL('../test/errors/fuzz-read-worker.mjs', import.meta.url));
w.on('message', (m) => { console.log(m); if (m.ready) w.postMessage({ id: 1, bytes: new Uint8Array(readFileSync('/tmp/i7/audit/ok.csv')) }); else if (m.id === 1) w.postMessage({ id: 2, bytes: new Uint8Array(readFileSync('/tmp/i7/hang-arrow.bin')) }); });
w.on('error', (e) => console.log('err', e));
setTimeout(async () => { console.log('terminating'); await w.terminate(); console.log('terminated'); }, 3000);
