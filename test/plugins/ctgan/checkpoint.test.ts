/**
 * Checkpoint and resume: a run stopped (AbortSignal, or SIGKILL of a child process) and resumed from
 * its checkpoint samples exactly the rows of an uninterrupted run with the same seed; incompatible
 * or corrupt checkpoints are not resumed silently.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import type { Dataset, FitReport } from '../../../src/contracts.js';
import { GanAugmentError } from '../../../src/errors.js';
import type { ProgressEvent } from '../../../src/progress.js';
import { Rng } from '../../../src/random.js';
import { ctganFactory } from '../../../plugins/ctgan/index.js';
import { CHECKPOINT_BATCH, CHECKPOINT_PARAMS, checkpointFixture } from './checkpoint-setup.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..');
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ctgan-ckpt-'));

interface Run {
  readonly report: FitReport;
  readonly rows: Dataset;
  readonly events: ProgressEvent[];
}

async function run(epochs: number, opts: { dir?: string; abortAfter?: number; params?: Record<string, unknown> } = {}): Promise<Run> {
  const synth = ctganFactory.create({ ...CHECKPOINT_PARAMS, ...opts.params });
  const controller = new AbortController();
  const events: ProgressEvent[] = [];
  const report = await synth.fit(
    checkpointFixture(),
    { rng: new Rng(11), epochs, batchSize: CHECKPOINT_BATCH, signal: controller.signal, ...(opts.dir ? { checkpointDir: opts.dir } : {}) },
    (e) => {
      events.push(e);
      if (opts.abortAfter !== undefined && e.phase === 'fit' && e.done === opts.abortAfter) controller.abort();
    },
  );
  const rows = await synth.sample(new Map([[1, 40], [0, 20]]), new Rng(3));
  synth.dispose();
  return { report, rows, events };
}

const checkpoints = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ckpt')) : []);

/** Epochs stored in a checkpoint file (from its JSON header). */
function checkpointEpoch(file: string): number {
  const bytes = fs.readFileSync(file);
  const length = bytes.readUInt32LE(8);
  return (JSON.parse(bytes.toString('utf8', 12, 12 + length)) as { epoch: number }).epoch;
}

describe('ctgan checkpoints', () => {
  beforeAll(async () => {
    await initBackend();
  });
  afterAll(() => {
    fs.rmSync(tmpRoot, { recursive: true, force: true });
  });

  it('aborted after 3 of 6 epochs and resumed, gives the rows of an uninterrupted run', async () => {
    const whole = await run(6);
    const dir = path.join(tmpRoot, 'abort');
    const stopped = await run(6, { dir, abortAfter: 3 });
    expect(stopped.report.epochs).toBe(3);
    expect(checkpoints(dir)).toHaveLength(1);
    expect(checkpointEpoch(path.join(dir, checkpoints(dir)[0]!))).toBe(3);
    const resumed = await run(6, { dir });
    // Only epochs 4..6 ran; the report still covers all six.
    expect(resumed.events.filter((e) => e.phase === 'fit').map((e) => e.done)).toEqual([4, 5, 6]);
    expect(resumed.report.epochs).toBe(6);
    expect(resumed.report.history.map((h) => h['loss_d'])).toEqual(whole.report.history.map((h) => h['loss_d']));
    expect(resumed.rows.features).toEqual(whole.rows.features);
    expect(resumed.rows.labels).toEqual(whole.rows.labels);
    expect(checkpointEpoch(path.join(dir, checkpoints(dir)[0]!))).toBe(6);
    // A finished run resumes to nothing left to do, and samples the same rows again.
    const again = await run(6, { dir });
    expect(again.events.filter((e) => e.phase === 'fit')).toEqual([]);
    expect(again.rows.features).toEqual(whole.rows.features);
  });

  it("trainOn 'pretrain' aborted in its fine-tuning phase and resumed, gives the rows of an uninterrupted run", async () => {
    const params = { trainOn: 'pretrain', fineTuneShare: 0.5 };
    const whole = await run(6, { params });
    const dir = path.join(tmpRoot, 'pretrain');
    const stopped = await run(6, { dir, abortAfter: 4, params });
    expect(stopped.report.epochs).toBe(4);
    const resumed = await run(6, { dir, params });
    expect(resumed.events.filter((e) => e.phase === 'fit').map((e) => e.done)).toEqual([5, 6]);
    expect(resumed.report.history.map((h) => h['fine_tune'] ?? 0)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(resumed.report.history.map((h) => h['loss_d'])).toEqual(whole.report.history.map((h) => h['loss_d']));
    expect(resumed.rows.features).toEqual(whole.rows.features);
  });

  it('killed with SIGKILL after its first checkpoint and resumed, gives the rows of an uninterrupted run', async () => {
    const dir = path.join(tmpRoot, 'kill');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'checkpoint-child.ts'), dir, '100000'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 60_000;
    while (checkpoints(dir).length === 0 && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    expect(await exited, stderr).toBe('SIGKILL');
    const files = checkpoints(dir);
    expect(files, stderr).toHaveLength(1);
    const k = checkpointEpoch(path.join(dir, files[0]!));
    expect(k % 2).toBe(0);
    const resumed = await run(k + 2, { dir });
    expect(resumed.events.filter((e) => e.phase === 'fit').map((e) => e.done)).toEqual([k + 1, k + 2]);
    const whole = await run(k + 2);
    expect(resumed.rows.features).toEqual(whole.rows.features);
  });

  it('does not resume a checkpoint of other parameters, and names a corrupt checkpoint file', async () => {
    const dir = path.join(tmpRoot, 'other');
    await run(2, { dir });
    const other = await run(2, { dir, params: { lr: 1e-3 } });
    expect(other.events.filter((e) => e.phase === 'fit').map((e) => e.done)).toEqual([1, 2]);
    expect(checkpoints(dir)).toHaveLength(2);
    const file = path.join(dir, checkpoints(dir)[0]!);
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 100));
    const failure = await Promise.all([run(2, { dir }), run(2, { dir, params: { lr: 1e-3 } })]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GanAugmentError);
    expect((failure as GanAugmentError).message).toContain(file);
  });
});
