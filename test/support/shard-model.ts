/**
 * The sharding and queue tests' model: smote fitted on 1,500 generated rows (3 float columns, a
 * city, 10% 'fraud'), in a fresh temporary folder that the caller removes.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registerBuiltins } from '../../src/index.js';
import { fitModel } from '../../src/api/fit-model.js';
import { writeGeneratedParquet } from './generated-parquet.js';

export async function fitShardModel(prefix: string): Promise<{ dir: string; modelDir: string }> {
  registerBuiltins();
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  const input = path.join(dir, 'input.parquet');
  await writeGeneratedParquet(input, { rows: 1500, cols: 3, minority: 0.1, seed: 4 }, 500);
  const modelDir = path.join(dir, 'model');
  await fitModel({ input, label: 'label', model: 'smote', modelDir, quiet: true });
  return { dir, modelDir };
}
