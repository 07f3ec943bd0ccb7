import { readFileSync } from 'node:fs';
import { readTableFromBytes } from '../src/io/index.js';
const b = readFileSync(process.argv[2]!);
console.log('len', b.length);
setTimeout(() => { console.log('timer fired: async hang'); process.exit(2); }, 3000);
try { const r = await readTableFromBytes(new Uint8Array(b), 'x'); console.log('ok', r.table.numRows); } catch (e) { console.log('err', (e as Error).message); }
process.exit(0);
