/**
 * The doc commands the doc-test does not run, each with its reason (docs/testing.md). A command is
 * matched by its text as the doc-test prints it (one line, whitespace collapsed, comment left out),
 * wherever it appears. test/integration/doc-commands.test.ts fails when a docs command is neither
 * run nor listed here, and when an entry here no longer appears in any doc.
 */
export interface NotRun {
  readonly command: string;
  readonly reason: string;
}

export const NOT_RUN: readonly NotRun[] = [
  { command: 'npm ci', reason: 'installs the dependencies: the tests run inside an installed checkout' },
  { command: 'npm test', reason: 'the test suite this doc-test is part of' },
  { command: 'npm run build', reason: 'compiles dist/; the doc-test runs the CLI from the sources (src/cli/main.ts)' },
  {
    command: 'npx tsx bench/scale.ts --evaluate-only --evaluate-workers 1,2 --repeat 2',
    reason: 'an idle-machine timing (two full evaluates of german_credit, many minutes); evaluate --workers 1 itself runs from docs/scale.md, two worker processes are tested by test/evaluate/process-pool.test.ts',
  },
  {
    command: 'gan-augment sample ... --shards 16 --shard-from k8s --output /data/out',
    reason: "'...' stands for the job's own options, and the shard index comes from a Kubernetes Indexed Job's environment (test/shard/engine-index.test.ts)",
  },
  {
    command: 'gan-augment sample ... --shards 16 --output /data/out --complete',
    reason: "'...' stands for the job's own options; the completion step is tested by test/shard/complete-shards.test.ts",
  },
  {
    command: 'gan-augment worker --redis redis://redis:6379',
    reason: 'needs a Redis server at redis:6379 and runs until stopped; workers are tested against a real redis-server by test/queue/*.test.ts',
  },
  {
    command: 'gan-augment sample --model-dir /data/models/fraud --count fraud=10000000 --shards 64 --output /data/synthetic/fraud --redis redis://redis:6379',
    reason: 'needs a Redis server and running workers (test/queue/sample-queue.test.ts)',
  },
  {
    command: 'gan-augment evaluate --input /data/churn.csv --label churned --redis redis://redis:6379',
    reason: 'needs a Redis server and running workers (test/queue/evaluate-queue.test.ts)',
  },
];

/**
 * Docs commands that fail today because of a bug in gan-augment (reported, not yet fixed). Each
 * runs and must still fail with `exitCode` (so the entry goes once the bug is fixed); then the
 * workaround a user would take is applied and the command runs again as any other, so the doc's
 * later commands still have what it writes.
 */
export interface KnownBug {
  readonly command: string;
  readonly bug: string;
  readonly exitCode: number;
  readonly workaround: { readonly say: string; readonly apply: (dir: string) => void };
}

export const KNOWN_BUGS: readonly KnownBug[] = [];
