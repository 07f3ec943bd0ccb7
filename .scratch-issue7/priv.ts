import { writeFileSync } from 'node:fs';
import { tableFromArrays } from 'apache-arrow';
import { captureIO } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { Rng } from '../src/random.js';
import { registerMemoriser } from '../test/errors/memorising-synthesizer.js';
registerMemoriser();
const rng = new Rng(11); const n = 400;
const label = Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 'rare' : 'common'));
const lines = ['a,b,colour,label', ...label.map((l) => `${(l === 'rare' ? 2 : 0) + rng.normal()},${rng.normal() * 10},${['red', 'green', 'blue'][rng.int(3)]},${l}`)];
writeFileSync('/tmp/i7/priv.csv', lines.join('\n') + '\n');
for (const m of ['0.5', '1']) {
  const io = captureIO();
  const code = await main(['augment', '--input', '/tmp/i7/priv.csv', '--label', 'label', '--output', '/tmp/i7/priv-out.parquet', '--model', 'test-memorise', '--model-param', `memorise=${m}`, '--privacy-distance', 'q0.05'], io);
  console.log('memorise', m, 'exit', code); console.log(io.stderrText().split('\n').filter((l) => /privacy|gan-augment:/.test(l)).join('\n'));
}
for (const args of [['--model', 'random', '--strategy', '0.1'], ['--model', 'random', '--epoch', '3']]) {
  const io = captureIO();
  await main(['augment', '--input', '/tmp/i7/audit/ok.csv', '--label', 'label', '--output', '/tmp/i7/o.parquet', '--quiet', ...args], io);
  console.log(io.stderrText().trim());
}
