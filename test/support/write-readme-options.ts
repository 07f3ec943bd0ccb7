// `npm run docs:options`: rewrite the README's option tables from src/options/table.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withOptionTables } from '../../src/cli/options-doc.js';

const readme = path.resolve(import.meta.dirname, '..', '..', 'README.md');
writeFileSync(readme, withOptionTables(readFileSync(readme, 'utf8')));
