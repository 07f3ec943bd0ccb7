import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // GAN training and Parquet oracles are CPU-bound; two workers match the 2-core CI machine.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    // evaluate and sample --shards start one worker process per core unless told otherwise; tests
    // that are about the workers say how many they want, the rest stay in one process (fast).
    // The same for training threads (two test files run at once on the 2 cores): the tests about
    // threads ask for them.
    env: { GAN_AUGMENT_WORKERS: '1', GAN_AUGMENT_THREADS: '1' },
    hookTimeout: 120_000,
  },
});
