/**
 * Valid small files rewritten so that one size, count or length lies (claims far more than the
 * file holds), for the bounded-memory tests. The rest of each file stays consistent, so the
 * reader's size checks, not an unrelated framing error, are what must catch the lie.
 */
import { Table, vectorFromArray } from 'apache-arrow';
import { parquetMetadata, type FileMetaData } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { ByteWriter } from 'hyparquet-writer/src/bytewriter.js';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { Message } from 'apache-arrow/fb/message';
import { RecordBatch as FbRecordBatch } from 'apache-arrow/fb/record-batch';
import { ByteBuffer } from 'flatbuffers';
import { tableToBytes } from '../../src/io/index.js';

export function smallTable(rows = 40): Table {
  return new Table({
    x: vectorFromArray(Float64Array.from({ length: rows }, (_, i) => i * 1.5)),
  });
}

/**
 * A one-column Parquet file whose first page header claims `uncompressed` bytes (and, with
 * `rows`, whose row group claims that many rows); the column chunk's size in the footer is fixed
 * up for the longer header, so only the lie is wrong.
 */
export async function lyingParquet(lie: { uncompressed?: number; rows?: number }): Promise<Uint8Array> {
  const valid = await tableToBytes(smallTable(), 'parquet');
  const metadata: FileMetaData = parquetMetadata(valid.buffer.slice(valid.byteOffset, valid.byteOffset + valid.byteLength) as ArrayBuffer);
  const chunk = metadata.row_groups[0]!.columns[0]!.meta_data!;
  const at = Number(chunk.dictionary_page_offset || chunk.data_page_offset);
  const reader = { view: new DataView(valid.buffer, valid.byteOffset + at, valid.byteLength - at), offset: 0 };
  const header = parquetHeader(reader);
  const headerWriter = new ByteWriter();
  // hyparquet-writer depends on its own copy of hyparquet, whose types are a version apart: same shapes.
  writePageHeader(headerWriter, { ...header, uncompressed_page_size: lie.uncompressed ?? header.uncompressed_page_size } as unknown as Parameters<typeof writePageHeader>[1]);
  const newHeader = new Uint8Array(headerWriter.getBuffer());
  const grow = newHeader.length - reader.offset;
  const footerLength = new DataView(valid.buffer, valid.byteOffset).getUint32(valid.length - 8, true);
  const dataEnd = valid.length - 8 - footerLength;
  const moved = (offset: bigint | undefined): bigint | undefined => (offset !== undefined && Number(offset) > at ? offset + BigInt(grow) : offset);
  const fixed: FileMetaData = {
    ...metadata,
    ...(lie.rows !== undefined ? { num_rows: BigInt(lie.rows) } : {}),
    row_groups: metadata.row_groups.map((g) => ({
      ...g,
      ...(lie.rows !== undefined ? { num_rows: BigInt(lie.rows) } : {}),
      columns: g.columns.map((c) => ({
        ...c,
        meta_data: {
          ...c.meta_data!,
          total_compressed_size: c.meta_data!.total_compressed_size + BigInt(grow),
          data_page_offset: moved(c.meta_data!.data_page_offset)!,
          dictionary_page_offset: moved(c.meta_data!.dictionary_page_offset),
        },
      })),
    })),
  };
  const footer = new ByteWriter();
  writeMetadata(footer, fixed as unknown as Parameters<typeof writeMetadata>[1]);
  const footerBytes = new Uint8Array(footer.getBuffer());
  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setUint32(0, footerBytes.length, true);
  tail.set(Buffer.from('PAR1'), 4);
  return Buffer.concat([valid.subarray(0, at), newHeader, valid.subarray(at + reader.offset, dataEnd), footerBytes, tail]);
}

/**
 * An Arrow IPC stream whose first record batch claims `rows` rows (in the batch header and its
 * field node), rewritten in place: the lengths are fixed-width flatbuffer fields.
 */
export async function lyingArrowStream(rows: bigint): Promise<Uint8Array> {
  return lyingBatch(Uint8Array.from(await tableToBytes(smallTable(), 'arrow-stream')), 0, rows);
}

/** The same lie in an Arrow IPC file (its messages start after the 8-byte magic). */
export async function lyingArrowFile(rows: bigint): Promise<Uint8Array> {
  return lyingBatch(Uint8Array.from(await tableToBytes(smallTable(), 'arrow')), 8, rows);
}

function lyingBatch(bytes: Uint8Array, first: number, rows: bigint): Uint8Array {
  const view = new DataView(bytes.buffer);
  let at = first;
  for (;;) {
    const size = view.getInt32(at + 4, true);
    const start = at + 8;
    const message = Message.getRootAsMessage(new ByteBuffer(bytes.subarray(start, start + size)));
    if (message.headerType() === 3) {
      const batch = message.header(new FbRecordBatch()) as FbRecordBatch;
      const bb = batch.bb!;
      const lengthField = bb.__offset(batch.bb_pos, 4);
      view.setBigInt64(start + batch.bb_pos + lengthField, rows, true);
      const node = batch.nodes(0)!;
      view.setBigInt64(start + node.bb_pos, rows, true);
      return bytes;
    }
    at = start + size + Number(message.bodyLength());
  }
}
