// Worker for test/errors/fuzz.test.ts: reads each byte array it is sent with readTableFromBytes and
// answers how it ended. It runs in a worker so a synchronous endless loop inside a parser can be
// stopped (worker.terminate) and reported as a hang instead of freezing the test run.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const io = await tsImport('../../src/io/index.ts', import.meta.url);
const batchReader = await tsImport('../../src/io/read-parquet-batches.ts', import.meta.url);

// A message carries either `bytes` (read in memory) or a Parquet `path` (read row group by row group).
parentPort.on('message', async ({ id, bytes, path }) => {
  try {
    if (path !== undefined) {
      const file = await batchReader.openParquetBatches(path);
      for await (const batch of file.batches()) for (const column of batch.data.children) column.length;
      parentPort.postMessage({ id, outcome: 'ok' });
      return;
    }
    const { table } = await io.readTableFromBytes(bytes, 'fuzz.bin');
    // Touch every cell: a lazily-read column must fail now, not later in the stage.
    for (const column of table.schema.fields.map((_, i) => table.getChildAt(i))) for (let r = 0; r < table.numRows; r++) column.get(r);
    parentPort.postMessage({ id, outcome: 'ok' });
  } catch (err) {
    // By name: tsImport gives this worker its own copy of src/errors.ts, so instanceof would not match.
    const own = err instanceof Error && err.name === 'GanAugmentError' && typeof err.code === 'string';
    parentPort.postMessage({ id, outcome: own ? err.code : 'foreign', message: own ? err.message : String(err?.stack ?? err) });
  }
});
parentPort.postMessage({ ready: true });
