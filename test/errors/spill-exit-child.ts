/**
 * Child of temp-files.test.ts: spills synthetic rows, prints how many spill folders of its own
 * exist, then ends with process.exit without disposing the store (the exit hook must remove it).
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { Table, vectorFromArray } from 'apache-arrow';
import { SyntheticStore } from '../../src/stream/synthetic-store.js';

const store = new SyntheticStore(0);
await store.add(new Table({ x: vectorFromArray(Float64Array.of(1, 2)) }).batches[0]!);
console.log(readdirSync(os.tmpdir()).filter((f) => f.startsWith(`gan-augment-synthetic-${process.pid}-`)).length);
process.exit(3);
