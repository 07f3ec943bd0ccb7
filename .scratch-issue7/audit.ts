import { writeFileSync, mkdirSync } from 'node:fs';
import { tableFromArrays, tableToIPC, vectorFromArray, Table, List, Field, Float64, makeVector } from 'apache-arrow';
import { captureIO } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { tableToBytes } from '../src/io/index.js';

const d = '/tmp/i7/audit'; mkdirSync(d, { recursive: true });
const base = (extra = '') => `x,y,label\n` + Array.from({ length: 40 }, (_, i) => `${i},${i % 3},${i % 5 === 0 ? 'rare' : 'common'}`).join('\n') + '\n' + extra;
writeFileSync(`${d}/ok.csv`, base());
writeFileSync(`${d}/empty.csv`, '');
writeFileSync(`${d}/header.csv`, 'x,y,label\n');
writeFileSync(`${d}/ragged.csv`, 'x,y,label\n1,2,a\n3,4\n5,6,b\n');
writeFileSync(`${d}/ragged2.csv`, 'x,y,label\n1,2,a\n3,4,a,9\n5,6,b\n');
writeFileSync(`${d}/latin1.csv`, Buffer.concat([Buffer.from('x,y,label\n1,2,caf'), Buffer.from([0xe9]), Buffer.from('\n3,4,b\n')]));
writeFileSync(`${d}/oneclass.csv`, 'x,label\n1,a\n2,a\n3,a\n');
writeFileSync(`${d}/nulllabel.csv`, 'x,label\n1,\n2,\n3,\n');
writeFileSync(`${d}/dup.csv`, 'x,x,label\n1,2,a\n3,4,b\n');
writeFileSync(`${d}/text.csv`, 'x,t,label\n1,abc,a\n2,def,b\n3,ghi,a\n');
writeFileSync(`${d}/nan.csv`, 'x,y,label\n' + Array.from({ length: 40 }, (_, i) => `${i % 7 === 0 ? 'NaN' : i},${i},${i % 5 === 0 ? 'rare' : 'common'}`).join('\n') + '\n');
writeFileSync(`${d}/inf.csv`, 'x,y,label\n' + Array.from({ length: 40 }, (_, i) => `${i % 7 === 0 ? 'Infinity' : i},${i},${i % 5 === 0 ? 'rare' : 'common'}`).join('\n') + '\n');
writeFileSync(`${d}/inf2.csv`, 'x,y,label\n' + Array.from({ length: 40 }, (_, i) => `${i % 7 === 0 ? 'inf' : i},${i},${i % 5 === 0 ? 'rare' : 'common'}`).join('\n') + '\n');
writeFileSync(`${d}/tiny.csv`, 'x,y,label\n' + Array.from({ length: 40 }, (_, i) => `${i},${i*2},${i < 3 ? 'rare' : 'common'}`).join('\n') + '\n');
writeFileSync(`${d}/levels.csv`, 'x,c,label\n' + Array.from({ length: 5000 }, (_, i) => `${i},lvl${i % 3000},${i % 5 === 0 ? 'rare' : 'common'}`).join('\n') + '\n');
const okBytes = await tableToBytes(tableFromArrays({ x: Float64Array.from({ length: 40 }, (_, i) => i), label: Array.from({ length: 40 }, (_, i) => (i % 5 ? 'a' : 'b')) }), 'parquet');
writeFileSync(`${d}/ok.parquet`, okBytes);
writeFileSync(`${d}/trunc.parquet`, okBytes.subarray(0, Math.floor(okBytes.length / 2)));
writeFileSync(`${d}/trunc-tail.parquet`, okBytes.subarray(0, okBytes.length - 3));
const arrowBytes = await tableToBytes(tableFromArrays({ x: Float64Array.from({ length: 40 }, (_, i) => i), label: Array.from({ length: 40 }, (_, i) => (i % 5 ? 'a' : 'b')) }), 'arrow');
writeFileSync(`${d}/trunc.arrow`, arrowBytes.subarray(0, Math.floor(arrowBytes.length / 2)));
const streamBytes = await tableToBytes(tableFromArrays({ x: Float64Array.from({ length: 40 }, (_, i) => i), label: Array.from({ length: 40 }, (_, i) => (i % 5 ? 'a' : 'b')) }), 'arrow-stream');
writeFileSync(`${d}/trunc.arrows`, streamBytes.subarray(0, Math.floor(streamBytes.length * 0.7)));
// nested list column
const listType = new List(new Field('item', new Float64(), true));
const nested = vectorFromArray(Array.from({ length: 40 }, (_, i) => [i, i + 1]), listType);
const t = new Table({ x: vectorFromArray(Float64Array.from({ length: 40 }, (_, i) => i)), nested, label: vectorFromArray(Array.from({ length: 40 }, (_, i) => (i % 5 ? 'a' : 'b'))) });
writeFileSync(`${d}/nested.arrow`, await tableToBytes(t, 'arrow'));

const cases: [string, string[]][] = [
  ['missing', ['--input', `${d}/nope.csv`, '--label', 'label']],
  ['empty', ['--input', `${d}/empty.csv`, '--label', 'label']],
  ['header only', ['--input', `${d}/header.csv`, '--label', 'label']],
  ['ragged short', ['--input', `${d}/ragged.csv`, '--label', 'label']],
  ['ragged long', ['--input', `${d}/ragged2.csv`, '--label', 'label']],
  ['latin1', ['--input', `${d}/latin1.csv`, '--label', 'label']],
  ['trunc parquet', ['--input', `${d}/trunc.parquet`, '--label', 'label']],
  ['trunc-tail parquet', ['--input', `${d}/trunc-tail.parquet`, '--label', 'label']],
  ['trunc arrow', ['--input', `${d}/trunc.arrow`, '--label', 'label']],
  ['trunc arrows', ['--input', `${d}/trunc.arrows`, '--label', 'label']],
  ...['ARROW-GH-41317', 'ARROW-GH-41321', 'ARROW-GH-43605', 'ARROW-GH-45185', 'ARROW-GH-47662', 'ARROW-RS-GH-6229-DICTHEADER', 'ARROW-RS-GH-6229-LEVELS', 'PARQUET-1481'].map((n): [string, string[]] => [n, ['--input', `/work/shared/parquet-testing/bad_data/${n}.parquet`, '--label', 'label']]),
  ['no label', ['--input', `${d}/ok.csv`, '--label', 'klass']],
  ['one class', ['--input', `${d}/oneclass.csv`, '--label', 'label']],
  ['null label', ['--input', `${d}/nulllabel.csv`, '--label', 'label']],
  ['bad minority', ['--input', `${d}/ok.csv`, '--label', 'label', '--minority', 'zzz']],
  ['tiny smote', ['--input', `${d}/tiny.csv`, '--label', 'label', '--model', 'smote']],
  ['tiny ctgan', ['--input', `${d}/tiny.csv`, '--label', 'label', '--model', 'ctgan']],
  ['dup', ['--input', `${d}/dup.csv`, '--label', 'label']],
  ['text numeric', ['--input', `${d}/text.csv`, '--label', 'label', '--numeric', 't']],
  ['nan', ['--input', `${d}/nan.csv`, '--label', 'label']],
  ['inf', ['--input', `${d}/inf.csv`, '--label', 'label']],
  ['inf2', ['--input', `${d}/inf2.csv`, '--label', 'label']],
  ['nested', ['--input', `${d}/nested.arrow`, '--label', 'label']],
  ['nested named', ['--input', `${d}/nested.arrow`, '--label', 'label', '--categorical', 'nested']],
  ['levels', ['--input', `${d}/levels.csv`, '--label', 'label']],
  ['neg epochs', ['--input', `${d}/ok.csv`, '--label', 'label', '--epochs', '-3']],
  ['batch big ctgan', ['--input', `${d}/ok.csv`, '--label', 'label', '--model', 'ctgan', '--batch-size', '1000', '--epochs', '1']],
  ['ratio 0', ['--input', `${d}/ok.csv`, '--label', 'label', '--strategy', '0']],
  ['ratio 1.5', ['--input', `${d}/ok.csv`, '--label', 'label', '--strategy', '1.5']],
  ['ratio -0.5', ['--input', `${d}/ok.csv`, '--label', 'label', '--strategy', '-0.5']],
];
const only = process.argv[2];
for (const [name, args] of cases) {
  if (only && !name.includes(only)) continue;
  const io = captureIO();
  const defaults = args.includes('--model') ? [] : ['--model', 'random'];
  const code = await main(['augment', ...args, ...defaults, '--output', `${d}/out-${name.replace(/\W/g, '_')}.parquet`, '--quiet'], io);
  console.log(`[${name}] exit ${code}: ${io.stderrText().trim()}`);
}
