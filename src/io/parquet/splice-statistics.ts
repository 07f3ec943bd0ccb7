/**
 * Column-chunk statistics carried over to a spliced file only where they survive exactly.
 * hyparquet parses min/max into JS values and hyparquet-writer turns them back into bytes; that
 * round trip is exact for most types but not all (decimals go through floating point, INT96 is
 * refused), so each copied min_value/max_value pair is kept only when its re-serialised bytes
 * equal the input's raw bytes. No library offers a byte-level statistics pass-through, hence this
 * small check.
 */
import type { ParquetWriter } from 'hyparquet-writer';
import { unconvertMinMax } from 'hyparquet-writer/src/unconvert.js';
import type { RawThrift } from './footer.js';

type WriterMetadata = Parameters<ParquetWriter['row_groups']['push']>[0]['columns'][number]['meta_data'];
/** Statistics in hyparquet-writer's shape. */
export type ChunkStatistics = NonNullable<NonNullable<WriterMetadata>['statistics']>;
/** A schema element in hyparquet-writer's shape. */
export type WriterSchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

/**
 * The statistics to write for a copied chunk: null and distinct counts always, min_value/max_value
 * (with their exactness flags) when they round-trip byte for byte. The deprecated min/max fields
 * are dropped: their sort order depended on the writer (readers trust them by created_by, which
 * the spliced file no longer carries).
 * @example exactStatistics(chunk.meta_data.statistics, rawChunk.field_3.field_12, element)
 */
export function exactStatistics(parsed: ChunkStatistics | undefined, raw: unknown, element: WriterSchemaElement): ChunkStatistics | undefined {
  if (!parsed) return undefined;
  const out: ChunkStatistics = {};
  if (parsed.null_count !== undefined) out.null_count = parsed.null_count;
  if (parsed.distinct_count !== undefined) out.distinct_count = parsed.distinct_count;
  const rawStats = (raw ?? {}) as RawThrift;
  const min = rawStats.field_6;
  const max = rawStats.field_5;
  if (min instanceof Uint8Array && max instanceof Uint8Array && sameBytes(back(parsed.min_value, element, false), min) && sameBytes(back(parsed.max_value, element, true), max)) {
    out.min_value = parsed.min_value;
    out.max_value = parsed.max_value;
    if (parsed.is_min_value_exact !== undefined) out.is_min_value_exact = parsed.is_min_value_exact;
    if (parsed.is_max_value_exact !== undefined) out.is_max_value_exact = parsed.is_max_value_exact;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The bytes hyparquet-writer would write for `value` (never truncated), or undefined if it refuses. */
function back(value: ChunkStatistics['min_value'], element: WriterSchemaElement, isMax: boolean): Uint8Array | undefined {
  try {
    return unconvertMinMax(value, element, isMax, Infinity);
  } catch {
    return undefined;
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (a === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
