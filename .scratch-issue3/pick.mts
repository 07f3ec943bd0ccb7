import * as tf from '@tensorflow/tfjs';
import { initBackend, describeBackend } from '../src/backend/pick.js';
const t0 = performance.now();
const info = await initBackend();
console.log(performance.now() - t0, 'ms', describeBackend(info), info.notes);
