import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUGMENT_SPEC } from '../../src/cli/commands/augment.js';
import { DEMO_SPEC } from '../../src/cli/commands/demo.js';
import { EVALUATE_SPEC } from '../../src/cli/commands/evaluate.js';
import { FIT_SPEC } from '../../src/cli/commands/fit.js';
import { SAMPLE_SPEC } from '../../src/cli/commands/sample.js';
import { EXIT_CODE_TABLE } from '../../src/cli/exit-codes.js';
import { COMMANDS } from '../../src/cli/main.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

describe('README.md stays true to the CLI', () => {
  it('gives the two set-up commands for a fresh clone', () => {
    expect(readme).toContain('npm ci && npx gan-augment demo\nnpm test\n');
  });

  it('mentions every command and every option', () => {
    for (const name of Object.keys(COMMANDS)) expect(readme).toContain(`\`${name}\``);
    for (const spec of [AUGMENT_SPEC, FIT_SPEC, SAMPLE_SPEC, DEMO_SPEC, EVALUATE_SPEC]) {
      for (const flag of spec.flags.filter((f) => !f.hidden)) {
        expect(readme, `${spec.name} --${flag.name}`).toContain(`--${flag.name}`);
      }
    }
  });

  it("shows the demo's real class counts (regenerate the example when fixtures/demo-churn.csv changes)", () => {
    const rows = readFileSync(path.join(repoRoot, 'fixtures', 'demo-churn.csv'), 'utf8').trimEnd().split('\n').slice(1);
    const yes = rows.filter((r) => r.endsWith(',yes')).length;
    const no = rows.length - yes;
    expect(readme).toMatch(new RegExp(`yes\\s+${yes} ->\\s+${no}\\s+\\+${no - yes}`));
    expect(readme).toMatch(new RegExp(`no\\s+${no} ->\\s+${no}\\s+0`));
  });

  it('lists every exit code', () => {
    for (const [code] of EXIT_CODE_TABLE) expect(readme).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });

  it('links only to files that exist', () => {
    const links = [...readme.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]!).filter((l) => !/^https?:/.test(l));
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(existsSync(path.join(repoRoot, link)), link).toBe(true);
  });
});
