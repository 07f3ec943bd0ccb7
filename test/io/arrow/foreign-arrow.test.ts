/**
 * Arrow Tables made by the user's own apache-arrow: other versions (15, 18, 20) and a second copy of
 * our own version (what an `npm install ../gan-augment` link gives), each installed from the npm
 * registry into a temporary folder (cached between runs). Skips with a printed reason when npm
 * cannot install them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ours from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { augment } from '../../../src/index.js';
import { GanAugmentError } from '../../../src/errors.js';
import { adoptTable, foreignArrowVersion, ourArrowVersion } from '../../../src/io/arrow/adopt-table.js';
import { openBatchSource } from '../../../src/io/batch-source.js';

type ArrowModule = typeof ours;
const COPIES = { arrow15: '15.0.2', arrow18: '18.1.0', arrow20: '20.0.0', arrow21: ourArrowVersion() };
const cache = path.join(os.tmpdir(), 'gan-augment-arrow-copies');

/** Install every copy under its alias (one npm call), unless already there; the reason when it fails. */
function installCopies(): string | undefined {
  const missing = Object.entries(COPIES).filter(([alias, v]) => !existsSync(path.join(cache, 'node_modules', alias, 'package.json')) || !manifestIs(alias, v));
  if (missing.length === 0) return undefined;
  mkdirSync(cache, { recursive: true });
  writeFileSync(path.join(cache, 'package.json'), '{"name":"arrow-copies","private":true}\n');
  const specs = Object.entries(COPIES).map(([alias, v]) => `${alias}@npm:apache-arrow@${v}`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', cache, ...specs], { encoding: 'utf8', timeout: 180_000 });
  return r.status === 0 ? undefined : `npm install ${specs.join(' ')} failed: ${(r.stderr || String(r.error)).trim().split('\n').slice(-1)[0]}`;
}

function manifestIs(alias: string, version: string): boolean {
  return spawnSync(process.execPath, ['-p', `require(${JSON.stringify(path.join(cache, 'node_modules', alias, 'package.json'))}).version`], { encoding: 'utf8' }).stdout.trim() === version;
}

const reason = installCopies();
if (reason) console.warn(`test/io/foreign-arrow.test.ts skipped: ${reason}`);

async function load(alias: string): Promise<ArrowModule> {
  return (await import(pathToFileURL(path.join(cache, 'node_modules', alias, 'Arrow.node.mjs')).href)) as ArrowModule;
}

/** 40 rows of the column types users hand over, made entirely with `a` (their copy). */
function foreignTable(a: ArrowModule): ours.Table {
  const n = 40;
  const rows = Array.from({ length: n }, (_, i) => i);
  const pixels = new a.FixedSizeList(4, new a.Field('item', new a.Uint8(), true));
  return new a.Table({
    x: a.vectorFromArray(rows.map((i) => (i % 7 === 3 ? null : i * 0.5)), new a.Float64()),
    n: a.vectorFromArray(rows.map((i) => i - 20), new a.Int32()),
    big: a.vectorFromArray(rows.map((i) => BigInt(2 ** 53) + BigInt(i)), new a.Int64()),
    city: a.vectorFromArray(rows.map((i) => (i % 9 === 0 ? null : ['Lyon', 'Oslo', 'Kyiv'][i % 3]!)), new a.Dictionary(new a.Utf8(), new a.Int8())),
    note: a.vectorFromArray(rows.map((i) => `row ${i}`), new a.Utf8()),
    flag: a.vectorFromArray(rows.map((i) => i % 2 === 0), new a.Bool()),
    at: a.vectorFromArray(rows.map((i) => 1_700_000_000_000 + i * 1000), new a.TimestampMillisecond('Europe/Paris')),
    day: a.vectorFromArray(rows.map((i) => new Date(Date.UTC(2024, 0, 1 + i))), new a.DateDay()),
    img: a.vectorFromArray(rows.map((i) => [i, i + 1, i + 2, 255 - i]), pixels),
    y: a.vectorFromArray(rows.map((i) => (i < 32 ? 'no' : 'yes')), new a.Utf8()),
  }) as unknown as ours.Table;
}

/** Every cell as comparable text (bigints, lists; dates as epoch ms: apache-arrow 15's getter gives a Date, later ones a number). */
function cells(t: ours.Table): string[][] {
  return t.schema.fields.map((f) => {
    const v = t.getChild(f.name)!;
    return Array.from({ length: t.numRows }, (_, i) => {
      const x = v.get(i) as unknown;
      if (x instanceof Date) return String(x.getTime());
      return x !== null && typeof x === 'object' && 'toArray' in x ? `[${String(Array.from((x as ours.Vector).toArray() as ArrayLike<number>))}]` : String(x);
    });
  });
}

describe.skipIf(reason !== undefined)('Tables from another apache-arrow copy', () => {
  for (const [alias, version] of Object.entries(COPIES)) {
    it(`adopts a Table of apache-arrow ${version} (${alias}) over the same values, whole and sliced`, async () => {
      const a = await load(alias);
      const theirs = foreignTable(a);
      expect(theirs.constructor).not.toBe(ours.Table);
      for (const t of [theirs, theirs.slice(3, 29)]) {
        const adopted = adoptTable(t);
        expect(adopted.constructor).toBe(ours.Table);
        expect(adopted.schema.fields.map((f) => `${f.name}: ${String(f.type)}`)).toEqual(t.schema.fields.map((f) => `${f.name}: ${String(f.type)}`));
        expect(cells(adopted)).toEqual(cells(t));
      }
      const source = await openBatchSource(theirs);
      let rows = 0;
      for await (const b of source.batches()) rows += b.numRows;
      expect(rows).toBe(40);
    });

    it(`augments a Table of apache-arrow ${version} (${alias}) through the API`, async () => {
      const a = await load(alias);
      const theirs = foreignTable(a);
      const result = await augment({ input: theirs, label: 'y', model: 'smote', modelParams: { k_neighbors: 3 }, ignore: ['img', 'note'], quiet: true, seed: 4 });
      expect(result.table.numRows).toBe(64);
      expect(cells(result.table.slice(0, 40)).slice(0, 10)).toEqual(cells(theirs));
    });
  }

  it('refuses a type our copy does not know, naming both versions', async () => {
    const a = await load('arrow20');
    const t = foreignTable(a);
    // What a future apache-arrow with a new type would hand over.
    Object.defineProperty(t.schema.fields[1]!.type, 'typeId', { value: 99 });
    const err = (() => {
      try {
        adoptTable(t);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(GanAugmentError);
    const message = (err as Error).message;
    expect(message).toContain("Column 'n'");
    expect(message).toContain(`apache-arrow ${ourArrowVersion()}`);
    expect(message).toContain('apache-arrow 20.0.0');
    expect(message.split('\n')).toHaveLength(1);
    expect(foreignArrowVersion(t)).toContain(path.join(cache, 'node_modules', 'arrow20'));
  });

  it('refuses a value that is not a Table', () => {
    expect(() => adoptTable({ schema: {} })).toThrow(/neither a file path nor an Arrow Table/);
  });
});
