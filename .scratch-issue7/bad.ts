import { readdirSync } from 'node:fs';
import { captureIO } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
const dir = '/work/shared/parquet-testing/bad_data';
for (const f of readdirSync(dir).filter((f) => f.endsWith('.parquet'))) {
  let io = captureIO();
  await main(['augment', '--input', `${dir}/${f}`, '--label', '\u0000', '--output', '/tmp/i7/o.parquet', '--model', 'random', '--quiet'], io);
  const label = /Available columns: '([^']*)'/.exec(io.stderrText())?.[1];
  io = captureIO();
  const code = await main(['augment', '--input', `${dir}/${f}`, '--label', label ?? 'label', '--output', '/tmp/i7/o.parquet', '--model', 'random', '--quiet'], io);
  console.log(`| \`${f}\` (label '${label}') | ${code} | ${io.stderrText().trim().replace(dir + '/', '').slice(0, 300)} |`);
}
