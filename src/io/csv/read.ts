/**
 * Read CSV with csv-parse into an Arrow Table. The column types follow types.ts (one type per
 * column, from all its values), the missing values nulls.ts (pandas' defaults) and the field
 * rules dialect.ts (a quoted empty field is the empty string; a header row is required; a row
 * with a different field count is refused with its line number). source.ts reads the same
 * way chunk by chunk, for files bigger than memory.
 */
import { parse } from 'csv-parse/sync';
import { Field, Schema, Struct, Table, RecordBatch, Utf8, makeData } from 'apache-arrow';
import { csvCell, csvError, csvHeader, csvParseOptions, noHeaderError, quotedEmptyField } from './dialect.js';
import { csvNulls, type CsvNullOptions } from './nulls.js';
import { buildCsvColumn, inferCsvType } from './types.js';

export interface CsvReadOptions extends CsvNullOptions {
  delimiter?: string;
  /** Columns read as text whatever they hold (the label, categorical columns): `01` stays `01`. */
  textColumns?: readonly string[];
}

/**
 * Parse CSV text (already checked to be UTF-8) into a Table.
 * @example const table = readCsv(fs.readFileSync('train.csv', 'utf8'), 'train.csv');
 */
export function readCsv(text: string, source: string, options: CsvReadOptions = {}): Table {
  const columns: (string | null)[][] = [];
  let header: string[] | undefined;
  const delimiter = options.delimiter ?? ',';
  const castEmpty = quotedEmptyField(delimiter).test(text);
  try {
    parse(text, {
      ...csvParseOptions(delimiter, castEmpty),
      // Collect column by column and return nothing, so the parser keeps no row objects.
      on_record: (record: (string | null)[]) => {
        if (!header) {
          header = csvHeader(source, record);
          for (let i = 0; i < header.length; i++) columns.push([]);
        } else {
          for (let i = 0; i < record.length; i++) columns[i]!.push(csvCell(record[i]!, castEmpty));
        }
        return null;
      },
    });
  } catch (err) {
    throw csvError(source, err);
  }
  if (!header) throw noHeaderError(source);
  const nulls = csvNulls(options);
  const asText = new Set(options.textColumns ?? []);
  const fields: Field[] = [];
  const children = header.map((name, i) => {
    const raws = columns[i]!;
    const data = buildCsvColumn(raws, asText.has(name) ? new Utf8() : inferCsvType(raws, nulls), nulls);
    fields.push(new Field(name, data.type, true));
    return data;
  });
  const schema = new Schema(fields);
  const length = columns[0]?.length ?? 0;
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, children }));
  return new Table([batch]);
}
