/**
 * Every command in the fenced ```sh / ```bash / ```shell blocks of README.md and docs/*.md runs
 * here, so an example cannot rot (docs/testing.md says how, and how to add one). Each doc's
 * commands run in order in one temporary folder (a later command may use what an earlier one
 * wrote, as a reader following the doc would), through the CLI in this process, on the small data
 * of test/support/doc-commands-fixtures.ts, with GAN training cut to 1 epoch and the other speed
 * settings of SPEED in test/support/doc-commands-run.ts. Each must exit with the code its doc
 * states (0 unless its comment says "exits N") and write the outputs it names. The commands that
 * cannot run here are in test/support/doc-commands-not-run.ts, each with its reason.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allDocCommands, docFiles, documentedExitCode, parseShell, untaggedCommandLines, type DocCommand } from '../support/doc-commands-extract.js';
import { KNOWN_BUGS, NOT_RUN } from '../support/doc-commands-not-run.js';
import { fastArgs, outputProblems, runInFolder, runShape, type RunShape } from '../support/doc-commands-run.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const commands = allDocCommands(repoRoot);
const notRun = new Map(NOT_RUN.map((e) => [e.command, e.reason]));
const knownBugs = new Map(KNOWN_BUGS.map((b) => [b.command, b]));
const where = (c: DocCommand): string => `${c.file}:${c.line}: ${c.text}`;

describe('reading commands from the docs', () => {
  it('follows continuations, comments, quotes, lists, pipes and redirections', () => {
    const body = [
      '# Balance it.',
      "npx gan-augment augment --input a.csv --label 'the label' \\",
      '  --output b.csv   # exits 4',
      '',
      'npm ci && cat s.arrows | gan-augment augment --input - --output - > out.arrows',
    ].join('\n');
    const [first, ...rest] = parseShell(body, 'x.md', 10);
    expect(first).toMatchObject({ line: 11, stages: [['npx', 'gan-augment', 'augment', '--input', 'a.csv', '--label', 'the label', '--output', 'b.csv']], comment: 'Balance it. exits 4' });
    expect(first!.text).toBe("npx gan-augment augment --input a.csv --label 'the label' --output b.csv");
    expect(documentedExitCode(first!)).toBe(4);
    expect(rest.map((c) => c.text)).toEqual(['npm ci', 'cat s.arrows | gan-augment augment --input - --output - > out.arrows']);
    expect(rest[1]).toMatchObject({ line: 14, stdoutFile: 'out.arrows', comment: '' });
    expect(documentedExitCode(rest[1]!)).toBe(0);
    expect(runShape(rest[1]!)).toEqual({ args: ['augment', '--input', '-', '--output', '-'], stdinFile: 's.arrows', stdoutFile: 'out.arrows' });
  });

  it('runs only what a unit test can: no placeholders, no other programs in the pipe', () => {
    const shapes = parseShell('gan-augment sample ... --shards 2\ngan-augment sample --count a=1 --output - | sort\nnpm test\ngan-augment x --output - | head -n 3').map(runShape);
    expect(shapes.slice(0, 3).map((s) => 'cannot' in s)).toEqual([true, true, true]);
    expect(shapes[3]).toEqual({ args: ['x', '--output', '-'], headLines: 3 });
  });

  it('makes training short and sampling small, and leaves other options as written', () => {
    expect(fastArgs(['fit', '--input', 'a', '--epochs', '300', '--seed', '7'])).toEqual(['fit', '--input', 'a', '--epochs', '1', '--seed', '7']);
    expect(fastArgs(['evaluate', '--folds=10'])).toEqual(['evaluate', '--folds=2', '--epochs', '1', '--repeats', '1', '--classifiers', 'logistic,forest']);
    expect(fastArgs(['evaluate', '--classifiers', 'mlp'])).toEqual(['evaluate', '--classifiers', 'mlp', '--epochs', '1', '--folds', '2', '--repeats', '1']);
    expect(fastArgs(['sample', '--count', 'a=1000000,b=5', '--shards', '16', '--workers', '4'])).toEqual(['sample', '--count', 'a=200,b=5', '--shards', '16', '--workers', '2', '--block-rows', '8']);
  });

  it('finds commands in the docs', () => {
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.some((c) => c.file === 'README.md' && c.text.startsWith('npx gan-augment augment --input train.parquet'))).toBe(true);
  });
});

describe('the not-run list stays in step with the docs', () => {
  it('runs or lists every docs command', () => {
    const neither = commands.filter((c) => {
      const shape = runShape(c);
      return 'cannot' in shape && !notRun.has(c.text);
    });
    expect(neither.map((c) => `${where(c)} (cannot run: ${(runShape(c) as { cannot: string }).cannot}; list it in test/support/doc-commands-not-run.ts with a reason, or make it runnable)`)).toEqual([]);
  });

  it('lists only commands that are still in the docs', () => {
    const texts = new Set(commands.map((c) => c.text));
    const gone = [...notRun.keys(), ...knownBugs.keys()].filter((t) => !texts.has(t));
    expect(gone, 'remove these entries from test/support/doc-commands-not-run.ts').toEqual([]);
  });

  it('finds no gan-augment command in a block without a shell tag (tag it ```sh, or ```text when it is not a command)', () => {
    const untagged = docFiles(repoRoot).flatMap((f) => untaggedCommandLines(f, readFileSync(path.join(repoRoot, f), 'utf8')));
    expect(untagged.map((l) => `${l.file}:${l.line}: ${l.text}`)).toEqual([]);
  });
});

for (const file of docFiles(repoRoot)) {
  const runnable = commands.filter((c) => c.file === file && !notRun.has(c.text) && !('cannot' in runShape(c)));
  if (runnable.length === 0) continue;
  describe(`the commands of ${file}`, () => {
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), `gan-augment-doc-${file.replace(/\W+/g, '-')}-`));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    for (const command of runnable) {
      it(`line ${command.line}: ${command.text}`, async () => {
        const shape = runShape(command) as RunShape;
        const bug = knownBugs.get(command.text);
        if (bug) {
          const failing = await runInFolder(shape, dir);
          expect(failing.code, `${where(command)} now works: remove its entry from KNOWN_BUGS in test/support/doc-commands-not-run.ts`).toBe(bug.exitCode);
          bug.workaround.apply(dir);
        }
        const run = await runInFolder(shape, dir);
        const expected = documentedExitCode(command);
        expect(run.code, `${where(command)}\nran: gan-augment ${run.argv.join(' ')}\nstderr:\n${run.stderr.slice(-3000)}`).toBe(expected);
        if (expected === 0) expect(outputProblems(shape, run, dir), `${where(command)}\nstderr:\n${run.stderr.slice(-2000)}`).toEqual([]);
      });
    }
  });
}
