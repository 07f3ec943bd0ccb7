// Worker for test/integration/fuzz.test.ts: reads each byte array it is sent with readTableFromBytes and
// answers how it ended. It runs in a worker so a synchronous endless loop inside a parser can be
// stopped (worker.terminate) and reported as a hang instead of freezing the test run.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const io = await tsImport('../../src/io/index.ts', import.meta.url);
const batchReader = await tsImport('../../src/io/parquet/read-batches.ts', import.meta.url);
const batchSource = await tsImport('../../src/io/batch-source.ts', import.meta.url);
const tablePlan = await tsImport('../../src/schema/plan.ts', import.meta.url);

// A message carries either `bytes` (read in memory), a Parquet `path` (read row group by row group),
// or a `stream` path (any format, read batch by batch as the streaming stage does).
parentPort.on('message', async ({ id, bytes, path, stream, planSchema }) => {
  try {
    if (planSchema !== undefined) {
      tablePlan.schemaFromPlan({ arrowSchema: planSchema });
      parentPort.postMessage({ id, outcome: 'ok' });
      return;
    }
    if (stream !== undefined) {
      const source = await batchSource.openBatchSource(stream);
      for await (const batch of source.batches()) for (const column of batch.data.children) column.length;
      parentPort.postMessage({ id, outcome: 'ok' });
      return;
    }
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
