/**
 * End-to-end seconds to augment german_credit.csv and phoneme.csv with default options (the
 * library's `augment()`, as the CLI runs it) — only if the augment stage exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_DATASETS } from '../shared-datasets.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATASETS = ['german_credit.csv', 'phoneme.csv'];
const E2E_TIMEOUT_MS = Number(process.env['BENCH_E2E_TIMEOUT_S'] ?? 1800) * 1000;

export async function runEndToEnd(log: (line: string) => void): Promise<void> {
  const shared = SHARED_DATASETS;
  if (!existsSync(path.join(repoRoot, 'src', 'stage', 'augment.ts'))) {
    log('\nend-to-end: skipped — the augment stage (src/stage/augment.ts) is not there yet');
    return;
  }
  if (!existsSync(shared)) {
    log(`\nend-to-end: skipped — ${shared} not found`);
    return;
  }
  log('\nend-to-end augment with default options (wall clock of the augment() call, fresh process each):');
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  const script = path.join(repoRoot, 'bench', 'training-speed', 'augment-once.ts');
  const out = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-bench-'));
  try {
    for (const name of DATASETS) {
      const output = path.join(out, name.replace(/\.csv$/, '.augmented.parquet'));
      const r = spawnSync(tsx, [script, path.join(shared, name), output], { encoding: 'utf8', timeout: E2E_TIMEOUT_MS });
      const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
      if (r.status === 0 && line) {
        const { seconds, added } = JSON.parse(line) as { seconds: number; added: number };
        log(`  ${name.padEnd(20)} ${seconds.toFixed(1)} s (${added} synthetic rows)`);
      } else {
        const why = r.error ? r.error.message : (r.stderr || r.stdout).trim().split('\n').slice(-1)[0];
        log(`  ${name.padEnd(20)} failed: ${why}`);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
