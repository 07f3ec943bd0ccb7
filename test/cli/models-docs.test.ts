/**
 * docs/plugins.md's parameter tables are the declarations' (as `gan-augment models` lists them):
 * regenerate them with `npx tsx test/support/write-plugin-params.ts` when a parameter changes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/index.js';
import { modelListing } from '../../src/cli/commands/models.js';
import { PARAMS_MARKERS, withParameterTables } from '../../src/cli/plugins-doc.js';
import { listClassifiers, listSynthesizers } from '../../src/registry.js';

const doc = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'docs', 'plugins.md'), 'utf8');

describe('docs/plugins.md parameter tables', () => {
  it('are the generated ones', () => {
    expect(doc).toContain(PARAMS_MARKERS[0]);
    expect(withParameterTables(doc, modelListing())).toBe(doc);
  });

  it('have one table per built-in plugin, with a row per parameter in both spellings', () => {
    const listing = modelListing();
    expect(listing.map((p) => p.name)).toEqual([...listSynthesizers(), ...listClassifiers()].map((p) => p.name));
    for (const p of listing) {
      expect(doc, p.name).toContain(`**\`${p.name}\`** (${p.kind}: `);
      for (const q of p.parameters ?? []) expect(doc, `${p.name}.${q.key}`).toContain(`| \`${q.name}\` | \`${q.apiName}\` | ${q.declaration.type} |`);
    }
    expect(doc).toContain('| `discriminator_dim` | `criticDims` | integer-list | 256,256 | each >= 1 |');
  });
});
