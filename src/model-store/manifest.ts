/**
 * The model directory's manifest: what `save.ts` writes and `load.ts` checks before anything in
 * the directory is used. Plain JSON; loading parses it and never runs code from it.
 */
import type { JsonValue } from '../contracts.js';
import type { TablePlan } from '../schema/plan.js';

export const MODEL_FORMAT = 'gan-augment-model';
/** Bump when the directory layout or the meaning of a field changes. */
export const MODEL_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const CONFIG_FILE = 'config.json';
export const WEIGHTS_FILE = 'weights.bin';

export interface ArrayEntry {
  readonly name: string;
  readonly dtype: 'float32';
  /** Flat arrays: [length]. */
  readonly shape: readonly number[];
  readonly byteOffset: number;
  readonly byteLength: number;
}

export interface FileEntry {
  readonly file: string;
  readonly bytes: number;
  /** Hex SHA-256 of the file's bytes. */
  readonly sha256: string;
}

export interface ModelManifest {
  readonly format: typeof MODEL_FORMAT;
  readonly formatVersion: number;
  /** gan-augment version that wrote the directory. */
  readonly toolVersion: string;
  /** Registry name of the synthesizer whose `deserialize` reads the artifacts. */
  readonly plugin: string;
  readonly classes: readonly string[];
  /** How to decode samples back to the training table's columns and types. */
  readonly plan: TablePlan;
  readonly config: FileEntry;
  readonly weights: FileEntry & { readonly arrays: readonly ArrayEntry[] };
  /**
   * What the fit was (seed, epochs, class counts, backend); its `generates` (the classes the model can sample) is
   * checked by `sample`. No wall time (the --summary file has it): the same seed writes the same folder.
   */
  readonly training: JsonValue;
}
