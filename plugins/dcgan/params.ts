/**
 * The dcgan plugin's parameters: the declaration (defaults and ranges) its validation reads. Values
 * may arrive as numbers or, from the command line, as strings.
 */
import type { ParamDeclarations } from '../../src/contracts.js';
import { parseDeclaredParams } from '../../src/plugin-params.js';

export interface DcganParams {
  /** Undefined: DEFAULT_EPOCHS (FitOptions.epochs wins over both). */
  readonly epochs: number | undefined;
  /** Undefined: min(DEFAULT_BATCH, rows). */
  readonly batchSize: number | undefined;
  /** Length of the generator's noise vector. */
  readonly noiseDim: number;
  /** Generator channels at the lowest resolution (H/4 x W/4); halved after the first upsampling. */
  readonly generatorWidth: number;
  /** Discriminator channels after the first strided conv; doubled after the second. */
  readonly discriminatorWidth: number;
  /** Adam learning rate and beta1 (DCGAN's 2e-4 and 0.5). */
  readonly lr: number;
  readonly beta1: number;
  /** Dropout after each discriminator conv. */
  readonly dropout: number;
  /** Weight of the auxiliary class loss (AC-GAN term) relative to the adversarial loss. */
  readonly auxWeight: number;
}

/**
 * Defaults, measured on this project's 2-core CPU target (docs/images.md). DCGAN's published
 * settings (generator 7x7x128 at the base, lr 2e-4, batch 64) train at ~33 images/s on the patched
 * WebAssembly backend and still give blurry digits after 70 steps. Half the generator width, half
 * the discriminator's, batch 32 and lr 5e-4 train ~5x faster per image and give class-recognisable
 * digits after ~150 steps. Wider networks are one parameter away.
 */
export const DEFAULT_EPOCHS = 10;
export const DEFAULT_BATCH = 32;

const FRACTION = { type: 'number', min: 0, max: 1, maxOpen: true } as const;

/** Declared once: `create` validates against it, and `gan-augment models` and docs/plugins.md list it. */
export const DCGAN_PARAMS = {
  epochs: { type: 'integer', min: 1, auto: String(DEFAULT_EPOCHS), help: 'training epochs (as --epochs)' },
  batchSize: { type: 'integer', min: 1, auto: `min(${DEFAULT_BATCH}, training rows)`, help: 'images per optimizer step (as --batch-size)' },
  noiseDim: { type: 'integer', default: 100, min: 1, help: "length of the generator's noise vector" },
  generatorWidth: { type: 'integer', default: 64, min: 2, multipleOf: 2, help: 'generator channels at the lowest resolution (halved after the first upsampling)' },
  discriminatorWidth: { type: 'integer', default: 32, min: 1, help: 'discriminator channels after the first strided conv (doubled after the second)' },
  lr: { ...FRACTION, default: 5e-4, minOpen: true, help: 'Adam learning rate of both networks' },
  beta1: { ...FRACTION, default: 0.5, help: "Adam's beta1" },
  dropout: { ...FRACTION, default: 0.3, help: 'dropout after each discriminator conv' },
  auxWeight: { type: 'number', default: 1, min: 0, help: 'weight of the auxiliary class loss (AC-GAN term) relative to the adversarial loss' },
} as const satisfies ParamDeclarations;

/** Validate and complete user parameters. */
export function parseDcganParams(raw: Readonly<Record<string, unknown>>): DcganParams {
  return parseDeclaredParams('dcgan', DCGAN_PARAMS, raw);
}

/** The params as plain JSON (for the saved config). */
export function dcganParamsToJson(p: DcganParams): Record<string, number | null> {
  return {
    epochs: p.epochs ?? null,
    batchSize: p.batchSize ?? null,
    noiseDim: p.noiseDim,
    generatorWidth: p.generatorWidth,
    discriminatorWidth: p.discriminatorWidth,
    lr: p.lr,
    beta1: p.beta1,
    dropout: p.dropout,
    auxWeight: p.auxWeight,
  };
}
