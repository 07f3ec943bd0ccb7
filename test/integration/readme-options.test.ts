/**
 * The README's option tables are the option table's (src/options/table.ts), as `--help` is:
 * regenerate them with `npm run docs:options` when an option changes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionsTable, tableMarkers, withOptionTables } from '../../src/cli/options-doc.js';
import { flagsFor, type CliCommand } from '../../src/cli/flags.js';
import { CLI_SCOPES } from '../../src/options/index.js';

const readme = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('README option tables', () => {
  it('are the generated ones (npm run docs:options)', () => {
    expect(withOptionTables(readme)).toBe(readme);
  });
  for (const command of Object.keys(CLI_SCOPES) as CliCommand[]) {
    it(`${command}: the README has its table, with every flag of --help`, () => {
      const [open] = tableMarkers(command);
      expect(readme).toContain(open);
      const table = optionsTable(command).replace(/\\\|/g, '|');
      for (const flag of flagsFor(command)) expect(table, `--${flag.name}`).toContain(`\`--${flag.name}${flag.value ? ` ${flag.value}` : ''}\``);
    });
  }
});
