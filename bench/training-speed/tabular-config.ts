/**
 * The tabular benchmark's data shape: german_credit's (1000 rows, 7 numeric columns, 13
 * categorical columns with these level counts), CTGAN's default sizes and batch 500.
 */
export const TABULAR_BENCH = {
  rows: 1000,
  numeric: 7,
  categoricalLevels: [4, 5, 10, 5, 5, 4, 3, 4, 3, 3, 4, 2, 2] as readonly number[],
  batchSize: 500,
  seed: 1,
} as const;
