/**
 * The backend names and the user's request (`--backend`, else `GAN_AUGMENT_BACKEND`, else `auto`),
 * without loading TensorFlow.js: validating options must stay cheap and must not start a backend.
 */
import { GanAugmentError } from '../errors.js';

export const BACKEND_NAMES = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** The environment variable that picks the backend when no `--backend` option is given. */
export const BACKEND_ENV_VAR = 'GAN_AUGMENT_BACKEND';

/**
 * Which backend the user asked for: the option if given, else `GAN_AUGMENT_BACKEND`, else 'auto'.
 * Throws a usage error naming the option or variable when the value is not a backend name.
 *
 * @example
 * resolveBackendRequest(undefined, { GAN_AUGMENT_BACKEND: 'cpu' }); // 'cpu'
 */
export function resolveBackendRequest(option: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): BackendName {
  const fromEnv = env[BACKEND_ENV_VAR]?.trim();
  const [value, source] = option !== undefined ? [option, '--backend'] : fromEnv ? [fromEnv, BACKEND_ENV_VAR] : ['auto', '--backend'];
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new GanAugmentError('usage', `${source} ${JSON.stringify(value)} is not a backend.`, {
    hint: `Use one of: ${BACKEND_NAMES.join(', ')}.`,
  });
}
