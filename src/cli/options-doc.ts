/**
 * The README's option tables, generated from the option table (src/options/table.ts) like
 * `--help`, so the two cannot disagree: test/integration/readme-options.test.ts checks the README
 * holds exactly these tables, and `npm run docs:options` rewrites them.
 */
import { CLI_SCOPES, OPTIONS } from '../options/index.js';
import { textFor, type OptionKey, type OptionSpec } from '../options/table.js';
import { COMMON_FLAGS } from './parse-args.js';
import type { CliCommand } from './flags.js';

/** Markdown table cells may not hold a bare '|'. */
const cell = (text: string): string => text.replace(/\|/g, '\\|');

/**
 * One markdown table of `command`'s options: option | default | what it does.
 * @example optionsTable('fit').split('\n')[0] // '| option | default | what it does |'
 */
export function optionsTable(command: CliCommand): string {
  const scopes = CLI_SCOPES[command];
  const rows = ['| option | default | what it does |', '|---|---|---|'];
  for (const key of Object.keys(OPTIONS) as OptionKey[]) {
    const spec: OptionSpec<unknown> = OPTIONS[key];
    if (!spec.scopes.some((s) => scopes.includes(s)) || spec.flags.length === 0 || key === 'quiet') continue;
    const names = spec.flags.map((f) => `\`--${f.name}${f.value ? ` ${f.value}` : ''}\``).join(', ');
    const help = textFor(spec.help, scopes)!;
    const required = / Required( unless ([^.]*))?\.$/.exec(help);
    // The longer README text for the two commands whose tables carry the details; one line elsewhere.
    const what = ((command === 'augment' || command === 'sample' ? spec.doc : undefined) ?? help).replace(/ Required( unless [^.]*)?\.$/, '');
    rows.push(`| ${cell(names)} | ${cell(required ? `(required${required[2] ? ` unless ${required[2]}` : ''})` : (textFor(spec.default, scopes) ?? ''))} | ${cell(what)} |`);
  }
  for (const f of COMMON_FLAGS.filter((c) => c.name !== 'help')) rows.push(`| \`--${f.name}\` | ${f.default === 'false' ? 'off' : (f.default ?? '')} | ${cell(f.description)} |`);
  return rows.join('\n');
}

/** The marker pair around `command`'s table in the README. */
export function tableMarkers(command: CliCommand): readonly [string, string] {
  return [`<!-- options:${command} (generated from src/options/table.ts: npm run docs:options) -->`, `<!-- /options:${command} -->`];
}

/** `readme` with every command's table replaced by the generated one. */
export function withOptionTables(readme: string): string {
  let out = readme;
  for (const command of Object.keys(CLI_SCOPES) as CliCommand[]) {
    const [open, close] = tableMarkers(command);
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start) continue;
    out = `${out.slice(0, start + open.length)}\n${optionsTable(command)}\n${out.slice(end)}`;
  }
  return out;
}
