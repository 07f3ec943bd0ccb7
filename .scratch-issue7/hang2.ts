import { readFileSync } from 'node:fs';
import { parquetMetadata, parquetScan } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
const b = new Uint8Array(readFileSync('/tmp/i7/hang-parquet.bin'));
const ab = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
console.log('meta...');
const md = parquetMetadata(ab);
console.log('meta ok', JSON.stringify(md.schema.map((s) => s.name)), md.num_rows, md.row_groups.map((g) => g.num_rows));
const file = { byteLength: ab.byteLength, slice: (s: number, e?: number) => ab.slice(s, e) };
const scan = await parquetScan({ file, metadata: md, compressors, utf8: false, geoparquet: false } as never);
console.log('scan ok');
for (const name of ['x', 'k', 's', 'label']) {
  console.log('col', name);
  try { const v = await (scan as any).readColumn({ column: name, rowStart: 0, rowEnd: Number(md.num_rows) }); console.log('  ok', v.length); } catch (e) { console.log('  err', (e as Error).message); }
}
