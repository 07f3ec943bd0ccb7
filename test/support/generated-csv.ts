/**
 * Seeded CSV text for the streaming-CSV tests: columns of every kind the CSV reader types (int32,
 * int64, float with nan/inf, bool, date, date-time, text with quotes, delimiters, line breaks and
 * non-ASCII characters, pandas' missing-value strings), with unquoted empty fields (null) and, when
 * asked, quoted empty ones ("").
 */
import { Rng } from '../../src/random.js';

export interface CsvSpec {
  rows: number;
  seed: number;
  delimiter?: string;
  /** Line end; default '\n'. */
  eol?: string;
  bom?: boolean;
  /** Write some empty strings as `""` (they must stay '' while bare empty fields are null). */
  quotedEmpty?: boolean;
  /** Quote every field. */
  quoteAll?: boolean;
}

const WORDS = ['alpha', 'beta', 'x,y', 'say "hi"', 'two\nlines', 'crlf\r\nend', 'café', '日本語', '🙂 ok', ' padded ', 'NaN?', '1e', '-'];

/** One column's generator: a field's text (unquoted) or null for an empty field. */
type Gen = (rng: Rng, row: number) => string | null;

const COLUMNS: [string, Gen][] = [
  ['i32', (r) => String(r.int(2001) - 1000)],
  ['i64', (r, i) => (i % 7 === 3 ? String(2n ** 40n * BigInt(r.int(1000))) : String(r.int(100)))],
  ['big', (r) => `9${String(r.int(1e9)).padStart(9, '0')}${String(r.int(1e9)).padStart(9, '0')}1`],
  ['f64', (r, i) => (i % 11 === 5 ? ['nan', 'inf', '-Infinity', 'NaN'][r.int(4)]! : (r.normal() * 1e3).toPrecision(1 + r.int(15)))],
  ['sci', (r) => `${r.int(10)}.${r.int(100)}e${r.int(20) - 10}`],
  ['flag', (r) => ['true', 'false', 'TRUE', 'False'][r.int(4)]!],
  ['day', (r) => `20${String(10 + r.int(20))}-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`],
  ['ts', (r) => `2024-0${1 + r.int(9)}-1${r.int(10)}T${String(r.int(24)).padStart(2, '0')}:3${r.int(10)}:0${r.int(10)}.${String(r.int(1e6)).padStart(6, '0')}Z`],
  ['ts_local', (r) => `2024-02-1${r.int(10)} 0${r.int(10)}:00:00`],
  ['text', (r) => WORDS[r.int(WORDS.length)]!],
  ['num_text', (r, i) => (i === 7 ? 'n.a.' : String(r.int(50)))],
  // pandas' missing-value strings: null, so the column is Float64.
  ['na_tokens', (r) => ['NA', 'nan', 'NULL', '#N/A', 'None', String(r.int(9)), `${r.int(9)}.50`][r.int(7)]!],
  ['empty', () => null],
];

/** CSV text for `spec`: a header, then `rows` rows; about one field in eight is empty. */
export function generatedCsv(spec: CsvSpec): string {
  const rng = new Rng(spec.seed);
  const d = spec.delimiter ?? ',';
  const eol = spec.eol ?? '\n';
  const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
  const field = (v: string | null, col: string) => {
    if (v === null) return spec.quotedEmpty && col === 'text' && rng.int(2) === 0 ? '""' : '';
    return spec.quoteAll || v.includes(d) || v.includes('"') || v.includes('\n') || v.includes('\r') ? quote(v) : v;
  };
  const lines = [COLUMNS.map(([name]) => name).join(d)];
  for (let i = 0; i < spec.rows; i++) {
    lines.push(COLUMNS.map(([name, gen]) => field(rng.int(8) === 0 ? null : gen(rng, i), name)).join(d));
  }
  return `${spec.bom ? '\uFEFF' : ''}${lines.join(eol)}${eol}`;
}
