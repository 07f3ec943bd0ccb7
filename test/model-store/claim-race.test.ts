/** Array tasks that start at once on a new shared shard folder all claim it: none loses to EEXIST. */
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimFolder } from '../../src/io/owned-folder.js';

describe('claimFolder', () => {
  it('lets concurrent claims of a new folder all succeed, with one marker', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'gan-augment-claim-')), 'shards');
    await Promise.all(Array.from({ length: 8 }, () => claimFolder(dir, 'shards', '--output')));
    expect(readdirSync(dir)).toEqual(['.gan-augment-folder']);
  });
});
