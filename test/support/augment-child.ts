/**
 * Child process for the bounded-memory test: runs the streaming augment on argv[2] -> argv[3] and
 * prints a JSON line with the rows written and its peak resident memory.
 */
import { registerBuiltins } from '../../src/index.js';
import { augmentStream } from '../../src/stream/augment-stream.js';

registerBuiltins();
const [input, output, model, cap, strategy] = process.argv.slice(2);
const { summary } = await augmentStream({ input: input!, output: output!, label: 'label', model: model ?? 'random', ignore: ['note'], trainingRowsPerClass: cap ?? '2000', ...(strategy ? { strategy } : {}), quiet: true });
console.log(JSON.stringify({ classes: summary.classes, maxRssMb: process.resourceUsage().maxRSS / 1024, heapMb: process.memoryUsage().heapUsed / 2 ** 20 }));
