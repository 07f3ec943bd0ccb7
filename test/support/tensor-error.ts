/**
 * How far a tensor is from a reference: the largest absolute difference over the reference's
 * largest magnitude (at least `floor`, so values near zero, such as the zero gradient of a bias
 * before a BatchNorm, are compared on an absolute scale). Shapes must match.
 */
import type * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

export function maxRelError(ours: tf.Tensor, ref: tf.Tensor, floor = 1): number {
  expect(ours.shape).toEqual(ref.shape);
  const a = ours.dataSync();
  const b = ref.dataSync();
  let scale = floor;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let err = 0;
  for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(a[i]! - b[i]!));
  return err / scale;
}
