/**
 * docs/plugins.md's parameter tables, generated from the plugins' declarations as `gan-augment
 * models` is, so the docs cannot disagree with what is accepted: test/cli/models.test.ts checks the
 * file holds exactly these tables, and `npx tsx test/support/write-plugin-params.ts` rewrites them.
 */
import { defaultCell } from '../plugin-params.js';
import { defaultFilterLine, type PluginListing } from './commands/models.js';

export const PARAMS_MARKERS = ['<!-- parameters (generated from the plugins\' declarations: npx tsx test/support/write-plugin-params.ts) -->', '<!-- /parameters -->'] as const;

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** One table per plugin: snake_case name | API name | type | default | range | meaning. */
export function parameterTables(listing: readonly PluginListing[]): string {
  const out: string[] = [];
  for (const p of listing) {
    out.push(`**\`${p.name}\`** (${p.kind}: ${p.data.join(', ')})`, '');
    if (p.defaultFilter.length > 0) out.push(defaultFilterLine(p.defaultFilter), '');
    if (!p.parameters || p.parameters.length === 0) {
      out.push(p.parameters ? 'No parameters.' : 'Parameters not declared.', '');
      continue;
    }
    out.push('| parameter | API name | type | default | range | meaning |', '|---|---|---|---|---|---|');
    for (const q of p.parameters) {
      out.push(`| \`${q.name}\` | \`${q.apiName}\` | ${q.declaration.type} | ${cell(defaultCell(q.declaration))} | ${cell(q.range)} | ${cell(q.declaration.help)} |`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

/** `doc` with the text between the markers replaced by the generated tables (unchanged without markers). */
export function withParameterTables(doc: string, listing: readonly PluginListing[]): string {
  const [open, close] = PARAMS_MARKERS;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close);
  if (start < 0 || end < start) return doc;
  return `${doc.slice(0, start + open.length)}\n${parameterTables(listing)}\n${doc.slice(end)}`;
}
