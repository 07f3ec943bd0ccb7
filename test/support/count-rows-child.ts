/** Child of many-parts.test.ts: open a batch source and print its row count, summed over its batches. */
import { openBatchSource } from '../../src/io/batch-source.js';

const source = await openBatchSource(process.argv[2]!);
let rows = 0;
for await (const b of source.batches()) rows += b.numRows;
console.log(JSON.stringify({ numRows: source.numRows, rows }));
