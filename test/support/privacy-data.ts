/** Small random mixed datasets for the privacy tests. */
import type { Dataset, Feature } from '../../src/contracts.js';
import { Rng } from '../../src/random.js';

export function randomMixed(n: number, seed: number, options: { missing?: number; image?: boolean } = {}): Dataset {
  const rng = new Rng(seed);
  const miss = options.missing ?? 0;
  const num = (scale: number) => Float64Array.from({ length: n }, () => (rng.next() < miss ? NaN : rng.normal() * scale));
  const features: Feature[] = [
    { kind: 'numeric', name: 'a', values: num(1), integer: false } as Feature,
    { kind: 'numeric', name: 'b', values: num(100), integer: false },
    { kind: 'categorical', name: 'c', codes: Int32Array.from({ length: n }, () => (rng.next() < miss ? -1 : rng.int(3))), levels: ['x', 'y', 'z'] },
  ];
  if (options.image) {
    features.push({ kind: 'image', name: 'img', pixels: Float32Array.from({ length: n * 4 }, () => rng.next()), shape: [2, 2, 1] });
  }
  return { features, labels: Int32Array.from({ length: n }, () => rng.int(2)), classes: ['neg', 'pos'], rowCount: n };
}
