/**
 * Redis connection settings from a URL (`redis://[:password@]host[:port][/db]`, `rediss://` for
 * TLS), as Redis users write them, turned into the options BullMQ passes to ioredis.
 */
import { connect } from 'node:net';
import type { ConnectionOptions } from 'bullmq';
import { GanAugmentError } from '../errors.js';

/** The queue name when none is given. */
export const DEFAULT_QUEUE = 'gan-augment';

/**
 * @example redisConnection('redis://127.0.0.1:6379/0') // { host: '127.0.0.1', port: 6379, db: 0, maxRetriesPerRequest: null }
 */
export function redisConnection(url: string): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new GanAugmentError('usage', `--redis must be a URL such as redis://127.0.0.1:6379, got '${url}'.`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new GanAugmentError('usage', `--redis must start with redis:// or rediss://, got '${url}'.`);
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new GanAugmentError('usage', `--redis: the database after the host must be a number, got '${db}' in '${url}'.`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db !== '' ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's workers block on Redis; it requires ioredis not to give up on a request.
    maxRetriesPerRequest: null,
  };
}

/**
 * Fail fast when nothing listens at the URL: BullMQ's clients reconnect for ever, and a queue
 * events client that never connected cannot even be closed.
 * @example await checkRedisReachable('redis://127.0.0.1:6379');
 */
export async function checkRedisReachable(url: string, timeoutMs = 10_000): Promise<void> {
  const { host, port } = redisConnection(url) as { host: string; port: number };
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (why: string): void => {
      socket.destroy();
      reject(new GanAugmentError('usage', `--redis: cannot reach ${url} (${why}).`, { hint: 'Check that redis-server runs there and the port is reachable.' }));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs / 1000} s`));
    socket.once('error', (err) => fail(err.message));
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
  });
}
