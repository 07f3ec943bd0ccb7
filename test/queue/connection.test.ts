import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkRedisReachable, redisConnection } from '../../src/queue/connection.js';
import { submitJobs } from '../../src/queue/submit.js';

describe('redisConnection', () => {
  it('reads host, port, credentials, database and TLS from the URL', () => {
    expect(redisConnection('redis://10.0.0.5')).toEqual({ host: '10.0.0.5', port: 6379, maxRetriesPerRequest: null });
    expect(redisConnection('rediss://user:p%40ss@cache:6380/2')).toEqual({ host: 'cache', port: 6380, username: 'user', password: 'p@ss', db: 2, tls: {}, maxRetriesPerRequest: null });
  });
  it('refuses what is not a Redis URL, naming --redis', () => {
    expect(() => redisConnection('localhost')).toThrow(/--redis must be a URL such as redis:\/\/127\.0\.0\.1:6379, got 'localhost'/);
    expect(() => redisConnection('http://x:1')).toThrow(/--redis must start with redis:\/\/ or rediss:\/\//);
    expect(() => redisConnection('redis://x:1/db')).toThrow(/the database after the host must be a number/);
  });
});

describe('an unreachable Redis', () => {
  it('fails the submission at once instead of reconnecting for ever', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const url = `redis://127.0.0.1:${port}`;
    await expect(checkRedisReachable(url)).rejects.toThrow(/--redis: cannot reach redis:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED/);
    await expect(submitJobs([{ kind: 'sample-shard', data: null }], { redis: url })).rejects.toThrow(/cannot reach/);
  });
});
