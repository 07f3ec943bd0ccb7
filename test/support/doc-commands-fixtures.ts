/**
 * The doc-test's substitution table: each file name the docs' commands read, and the small data
 * written under that name in the command's temporary folder before it runs (docs/testing.md).
 * Names are matched exactly (a trailing `/` ignored), relative to the folder the commands run in.
 * Every table is seeded, so the doc-test sees the same rows on every run.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as A from 'apache-arrow';
import { digitsTable, MINORITY_DIGIT } from '../../fixtures/digits/build.js';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';
import { writeTable } from '../../src/io/index.js';
import { Rng } from '../../src/random.js';
import { table } from './schema-tables.js';

export interface Fixture {
  /** What the name stands for, for docs/testing.md and failure messages. */
  readonly about: string;
  /** Write it at `dest` (a file, or a folder for names ending in '/'). */
  readonly write: (dest: string) => Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** 60 'no', 20 'yes', 10 'maybe' under `label`, and `y` (1 for yes/maybe) for the docs that call the class column y. */
function trainTable(): A.Table {
  const rng = new Rng(16);
  const labels = [...Array<string>(60).fill('no'), ...Array<string>(20).fill('yes'), ...Array<string>(10).fill('maybe')];
  return table([
    ['age', new A.Int32(), labels.map((l) => 20 + rng.int(40) + (l === 'no' ? 0 : 12))],
    ['income', new A.Float64(), labels.map((l) => Math.round((rng.normal() + (l === 'no' ? 0 : 1.5)) * 1000 + 5000) / 10)],
    ['city', new A.Utf8(), labels.map(() => ['paris', 'rome', 'oslo'][rng.int(3)]!)],
    ['label', new A.Utf8(), labels],
    ['y', new A.Int32(), labels.map((l) => (l === 'no' ? 0 : 1))],
  ]);
}

/** `is_fraud`: 80 'ok', 12 'fraud'. */
function transactionsTable(): A.Table {
  const rng = new Rng(17);
  const labels = [...Array<string>(80).fill('ok'), ...Array<string>(12).fill('fraud')];
  return table([
    ['amount', new A.Float64(), labels.map((l) => Math.round(Math.exp(rng.normal() + (l === 'fraud' ? 1.5 : 0)) * 10000) / 100)],
    ['hour', new A.Int32(), labels.map((l) => (l === 'fraud' ? rng.int(6) : rng.int(24)))],
    ['channel', new A.Utf8(), labels.map(() => ['web', 'app', 'pos'][rng.int(3)]!)],
    ['is_fraud', new A.Utf8(), labels],
  ]);
}

/** `fraud` (boolean, 10% true) and two numeric columns; `date` splits the rows for the Hive folder. */
function eventsTable(): A.Table {
  const rng = new Rng(18);
  const fraud = Array.from({ length: 100 }, (_, i) => i % 10 === 3);
  return table([
    ['amount', new A.Float64(), fraud.map((f) => Math.round((rng.normal() + (f ? 2 : 0)) * 100) / 100)],
    ['items', new A.Int32(), fraud.map(() => 1 + rng.int(9))],
    ['fraud', new A.Bool(), fraud],
  ]);
}

/** The first 96 'no' and 24 'yes' rows of fixtures/demo-churn.csv, in file order, as they are written there. */
function churnCsv(): string {
  const [header, ...rows] = readFileSync(path.join(repoRoot, 'fixtures', 'demo-churn.csv'), 'utf8').trimEnd().split('\n');
  const kept: string[] = [];
  const left = { no: 96, yes: 24 };
  for (const row of rows) {
    const label = row.endsWith(',yes') ? 'yes' : 'no';
    if (left[label] > 0) {
      kept.push(row);
      left[label]--;
    }
  }
  return `${[header, ...kept].join('\n')}\n`;
}

/** 12 images of every digit, 5 of the minority digit (as test/image/digits-cli.test.ts). */
const DIGIT_COUNTS = Array.from({ length: 10 }, (_, d) => (d === MINORITY_DIGIT ? 5 : 12));

async function writeEventsFolder(dest: string): Promise<void> {
  const events = eventsTable();
  for (const [i, date] of ['2024-01-01', '2024-01-02'].entries()) {
    const part = path.join(dest, `date=${date}`);
    mkdirSync(part, { recursive: true });
    await writeTable(events.slice(i * 50, (i + 1) * 50), path.join(part, 'part-0.parquet'), { format: 'parquet' });
  }
}

/** A `random` model of the transactions table (class 'fraud'), saved by `gan-augment fit`. */
async function writeFraudModel(dest: string): Promise<void> {
  const input = `${dest}.input.parquet`;
  await writeTable(transactionsTable(), input, { format: 'parquet' });
  const io = captureIO();
  const code = await main(['fit', '--input', input, '--label', 'is_fraud', '--model', 'random', '--model-dir', dest, '--quiet'], io);
  if (code !== 0) throw new Error(`fixture model '${dest}': fit exited ${code}: ${io.stderrText()}`);
}

/** A table written in `format` at the fixture's path. */
const tableFile = (make: () => A.Table, format: 'parquet' | 'arrow-stream') => async (dest: string): Promise<void> => {
  await writeTable(make(), dest, { format });
};

export const FIXTURES: Readonly<Record<string, Fixture>> = {
  'train.parquet': { about: "90 rows: 'label' no/yes/maybe (60/20/10), 'y' 0/1, numeric and text features", write: tableFile(trainTable, 'parquet') },
  'train.arrows': { about: 'the train.parquet table as an Arrow IPC stream', write: tableFile(trainTable, 'arrow-stream') },
  'tx.parquet': { about: "92 rows: 'is_fraud' ok/fraud (80/12)", write: tableFile(transactionsTable, 'parquet') },
  'churn.csv': { about: "120 rows of fixtures/demo-churn.csv: 'churned' no/yes (96/24)", write: async (dest) => writeFileSync(dest, churnCsv()) },
  'digits.parquet': { about: "113 images of fixtures/digits/build.ts: 'image' FixedSizeList<uint8>[784] (28x28x1), 'digit' (12 of each, 5 of digit 3)", write: tableFile(() => digitsTable(DIGIT_COUNTS), 'parquet') },
  'events.parquet': { about: "100 rows: 'fraud' boolean (10 true)", write: tableFile(eventsTable, 'parquet') },
  events: { about: 'the events.parquet rows as a Hive-partitioned folder: date=2024-01-01/ and date=2024-01-02/', write: writeEventsFolder },
  M: { about: "a model folder: `fit --model random` on tx.parquet (class 'fraud')", write: writeFraudModel },
};

/** The fixture a command's word names, if any. */
export function fixtureFor(word: string): Fixture | undefined {
  const name = word.replace(/\/+$/, '');
  return Object.hasOwn(FIXTURES, name) ? FIXTURES[name] : undefined;
}
