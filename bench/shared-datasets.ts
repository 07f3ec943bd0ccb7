/**
 * The real datasets of ../shared/datasets (beside the repository) for the benchmarks, read and
 * encoded by the same code as `augment` (src/io, src/schema), so a benchmark measures the
 * pipeline's own view of the columns.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../src/contracts.js';
import { readTable } from '../src/io/index.js';
import { encodeTable } from '../src/schema/encode.js';
import { inferRoles } from '../src/schema/infer.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The folder of the shared datasets (it may be absent: callers check). */
export const SHARED_DATASETS = path.resolve(repoRoot, '..', 'shared', 'datasets');

/**
 * `NAME.csv` of the shared datasets, encoded with inferred column roles and its `label` column as the class.
 *
 * @example
 * const credit = await readSharedDataset('german_credit'); // 1000 rows, classes '1' and '2'
 */
export async function readSharedDataset(name: string): Promise<Dataset> {
  const { table } = await readTable(path.join(SHARED_DATASETS, `${name}.csv`));
  return encodeTable(table, inferRoles(table, { label: 'label' })).dataset;
}
