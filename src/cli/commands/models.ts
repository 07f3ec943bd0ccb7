/**
 * `gan-augment models [--json]`: every registered synthesizer and classifier with its parameters
 * (type, default, range, one line each), read from the same declarations the plugins validate with
 * (`ParamDeclarations`, src/plugin-params.ts), so the list cannot disagree with what is accepted.
 * A plugin that declares nothing is still listed, as "parameters not declared".
 */
import type { ClassifierFactory, JsonValue, ParamDeclaration, ParamDeclarations, SynthesizerFactory } from '../../contracts.js';
import { camelCase, defaultCell, paramName, paramSpellings, rangeCell } from '../../plugin-params.js';
import { listClassifiers, listSynthesizers } from '../../registry.js';
import type { CliIO } from '../terminal.js';
import { formatCommandHelp, parseCommandArgs, type CommandSpec } from '../parse-args.js';

export const MODELS_SPEC: CommandSpec = {
  name: 'models',
  summary: 'List every registered synthesizer (--model) and classifier (evaluate --classifiers) with its parameters: type, default, range and meaning.',
  usage: 'models [--json]',
  // A switch of this command's printing alone: no entry point takes it, so it is not in the option table.
  flags: [{ name: 'json', type: 'boolean', description: 'Print the list as JSON on stdout (one object: synthesizers, classifiers).', default: 'false' }],
  examples: ['gan-augment models', 'gan-augment models --json'],
};

/** One parameter as listed: its declaration, with the names it goes by and its range in words. */
export interface ParamListing {
  /** The CLI's and docs' snake_case name. */
  readonly name: string;
  /** The key saved models and run summaries store. */
  readonly key: string;
  /** The typed API's camelCase name. */
  readonly apiName: string;
  /** Every spelling accepted. */
  readonly spellings: readonly string[];
  readonly range: string;
  readonly declaration: ParamDeclaration;
}

export interface PluginListing {
  readonly kind: 'synthesizer' | 'classifier';
  readonly name: string;
  readonly description: string;
  /** Synthesizers: the feature kinds; classifiers: 'tabular' or 'image'. */
  readonly data: readonly string[];
  /** Null when the plugin declares none (a user plugin may not). */
  readonly parameters: readonly ParamListing[] | null;
  /**
   * Synthesizers: the filter rules their rows get when `--filter` is absent (SynthesizerFactory
   * .defaultFilter); empty for none and for classifiers. Listed because a default that drops rows
   * is otherwise only visible in a run's summary.
   */
  readonly defaultFilter: readonly string[];
}

/** The registry's plugins, synthesizers first, in registration order. */
export function modelListing(synthesizers: readonly SynthesizerFactory[] = listSynthesizers(), classifiers: readonly ClassifierFactory[] = listClassifiers()): PluginListing[] {
  return [
    ...synthesizers.map((f) => ({ kind: 'synthesizer' as const, name: f.name, description: f.description, data: [...f.supports], parameters: listParams(f.params), defaultFilter: [...(f.defaultFilter ?? [])] })),
    ...classifiers.map((f) => ({ kind: 'classifier' as const, name: f.name, description: f.description, data: [f.input], parameters: listParams(f.params), defaultFilter: [] })),
  ];
}

function listParams(declared: ParamDeclarations | undefined): ParamListing[] | null {
  if (declared === undefined) return null;
  return Object.entries(declared).map(([key, declaration]) => ({
    name: paramName(key, declaration),
    key,
    apiName: camelCase(key),
    spellings: paramSpellings(key, declaration),
    range: rangeCell(declaration),
    declaration,
  }));
}

/** `--json`: `{ synthesizers: [...], classifiers: [...] }`, each parameter with its declaration's fields. */
export function modelsJson(listing: readonly PluginListing[]): string {
  const plugin = (p: PluginListing): JsonValue => ({
    name: p.name,
    description: p.description,
    [p.kind === 'synthesizer' ? 'supports' : 'input']: p.kind === 'synthesizer' ? [...p.data] : p.data[0]!,
    parameters: p.parameters === null ? null : p.parameters.map((q) => ({ ...(q.declaration as unknown as Record<string, JsonValue>), name: q.name, key: q.key, apiName: q.apiName, spellings: [...q.spellings], range: q.range })),
    ...(p.kind === 'synthesizer' ? { defaultFilter: [...p.defaultFilter] } : {}),
  });
  return `${JSON.stringify(
    { synthesizers: listing.filter((p) => p.kind === 'synthesizer').map(plugin), classifiers: listing.filter((p) => p.kind === 'classifier').map(plugin) },
    null,
    2,
  )}\n`;
}

/** The human listing: per plugin a heading line, its description, then one aligned line per parameter. */
export function modelsText(listing: readonly PluginListing[]): string {
  const lines: string[] = ['Each parameter: name, type, default, range, meaning (auto: the model chooses at fit time, as the brackets say).', ''];
  for (const kind of ['synthesizer', 'classifier'] as const) {
    lines.push(kind === 'synthesizer' ? 'Synthesizers (--model NAME; parameters: --model-param NAME=VALUE)' : "Classifiers (evaluate --classifiers NAME; parameters: the API's classifierParams)", '');
    for (const p of listing.filter((q) => q.kind === kind)) {
      lines.push(`${p.name} (${p.data.join(', ')})`, `  ${p.description}`);
      if (p.parameters === null) lines.push('  parameters not declared');
      else if (p.parameters.length === 0) lines.push('  no parameters');
      else {
        const rows = p.parameters.map((q) => [q.name, q.declaration.type, q.declaration.default !== undefined ? defaultCell(q.declaration) : 'auto', q.range, q.declaration.auto !== undefined ? `${q.declaration.help} (auto: ${q.declaration.auto})` : q.declaration.help]);
        const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
        for (const r of rows) lines.push(`  ${r.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell)).join('  ')}`);
      }
      if (p.defaultFilter.length > 0) lines.push(`  ${defaultFilterLine(p.defaultFilter)}`);
      lines.push('');
    }
  }
  return `${lines.join('\n')}`;
}

/** The sentence both listings (this command's and docs/plugins.md's) give a model's default filter. */
export function defaultFilterLine(rules: readonly string[]): string {
  return `Rows filtered by default: ${rules.join(',')} (when --filter is absent; --filter none turns it off).`;
}

export async function runModels(args: string[], io: CliIO): Promise<number> {
  const values = parseCommandArgs(args, MODELS_SPEC);
  if (values.help) {
    io.stdout.write(formatCommandHelp(MODELS_SPEC));
    return 0;
  }
  const listing = modelListing();
  io.stdout.write(values['json'] === true ? modelsJson(listing) : modelsText(listing));
  return 0;
}
