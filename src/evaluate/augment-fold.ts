/**
 * One method applied to one training fold: `none` and `balanced` add nothing (`balanced` instead
 * weights rows by n / (classes * class count), sklearn's class_weight='balanced'); any other name is a
 * registered synthesizer, fitted on the training fold only and sampled up to the target counts.
 */
import type { Dataset, FitReport } from '../contracts.js';
import { concatRows, countByClass } from '../dataset.js';
import { GanAugmentError } from '../errors.js';
import type { Rng } from '../random.js';
import { getSynthesizer } from '../registry.js';
import { planClassCounts, type SamplingStrategy } from '../stage/strategy.js';

/** Rows to add per class index, given the class names and the training fold's class counts. */
export type AugmentTarget = (classes: readonly string[], counts: readonly number[]) => ReadonlyMap<number, number>;

/**
 * The stage's sampling strategy (`--strategy`, `--minority`), applied to each training fold's own
 * class counts. Default 'auto': every class below the majority count is topped up to it.
 *
 * @example strategyTarget(parseStrategy('minority'))
 */
export function strategyTarget(strategy: SamplingStrategy = { kind: 'auto' }, minority?: readonly string[]): AugmentTarget {
  return (classes, counts) => {
    const out = new Map<number, number>();
    planClassCounts(classes, counts, strategy, minority).forEach((plan, c) => {
      if (plan.add > 0) out.set(c, plan.add);
    });
    return out;
  };
}

/** Every class below the majority count topped up to it (the stage's 'auto'). */
export const upToMajority: AugmentTarget = strategyTarget();

export const BASELINE_METHODS = ['none', 'balanced'] as const;

export interface AugmentedFold {
  /** The training rows the classifiers see: real rows first, then synthetic rows. */
  readonly train: Dataset;
  readonly realRows: number;
  /** The synthetic rows alone (empty for the baselines). */
  readonly synthetic: Dataset | undefined;
  readonly sampleWeight: Float32Array | undefined;
  readonly fitReport: FitReport | undefined;
  readonly seconds: number;
}

export interface AugmentSettings {
  readonly target: AugmentTarget;
  readonly epochs?: number;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal;
}

/**
 * Augment `train` with `method`. The test fold is not an argument: it cannot leak into the
 * synthesizer.
 *
 * @example
 * const { train: augmented } = await augmentFold(trainFold, 'smote', { target: upToMajority }, rng);
 */
export async function augmentFold(train: Dataset, method: string, settings: AugmentSettings, rng: Rng): Promise<AugmentedFold> {
  const started = performance.now();
  const counts = countByClass(train);
  if (method === 'none') return { train, realRows: train.rowCount, synthetic: undefined, sampleWeight: undefined, fitReport: undefined, seconds: 0 };
  if (method === 'balanced') {
    const present = counts.filter((c) => c > 0).length;
    const sampleWeight = new Float32Array(train.rowCount);
    for (let i = 0; i < train.rowCount; i++) sampleWeight[i] = train.rowCount / (present * counts[train.labels[i]!]!);
    return { train, realRows: train.rowCount, synthetic: undefined, sampleWeight, fitReport: undefined, seconds: 0 };
  }
  const factory = getSynthesizer(method, '--methods');
  const params = settings.params ?? {};
  for (const f of train.features) {
    if (!factory.supports.includes(f.kind)) {
      throw new GanAugmentError('usage', `--methods: synthesizer '${method}' cannot model ${f.kind} column '${f.name}'.`, {
        hint: `Drop '${method}' from --methods or --ignore the column.`,
      });
    }
  }
  const need = settings.target(train.classes, counts);
  const minRows = factory.minRowsPerClass(params);
  for (const [c, n] of need) {
    if (n > 0 && counts[c]! < minRows) {
      throw new GanAugmentError('data', `${method}: class '${train.classes[c]}' has ${counts[c]} training row(s) in this fold; it needs at least ${minRows}.`);
    }
  }
  const synthesizer = factory.create(params);
  try {
    const fitReport = await synthesizer.fit(train, {
      rng: rng.fork('fit'),
      ...(settings.epochs !== undefined ? { epochs: settings.epochs } : {}),
      ...(settings.signal ? { signal: settings.signal } : {}),
    });
    const positive = new Map([...need].filter(([, n]) => n > 0));
    const synthetic = await synthesizer.sample(positive, rng.fork('sample'));
    return {
      train: synthetic.rowCount > 0 ? concatRows(train, synthetic) : train,
      realRows: train.rowCount,
      synthetic,
      sampleWeight: undefined,
      fitReport,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    synthesizer.dispose();
  }
}
