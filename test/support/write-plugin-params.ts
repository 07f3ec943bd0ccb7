// `npx tsx test/support/write-plugin-params.ts`: rewrite docs/plugins.md's parameter tables from the built-in plugins' declarations.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { registerBuiltins } from '../../src/index.js';
import { modelListing } from '../../src/cli/commands/models.js';
import { withParameterTables } from '../../src/cli/plugins-doc.js';

registerBuiltins();
const doc = path.resolve(import.meta.dirname, '..', '..', 'docs', 'plugins.md');
writeFileSync(doc, withParameterTables(readFileSync(doc, 'utf8'), modelListing()));
